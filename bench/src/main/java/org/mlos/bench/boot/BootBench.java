package org.mlos.bench.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.bench.BenchLine;
import org.mlos.launcher.process.NodeLayout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Boots a profile in fresh JVMs and, interleaved in the same run, the same bundles in a stock
 * Felix ({@code org.mlos.launcher.baseline.StockFelix}: Felix embedded as its documentation shows,
 * defaults everywhere, bundles installed from their files and started in turn, until all are
 * active), and our launcher with no bundles at all ({@code --framework-only}, to STARTED). Same
 * JVM, JVM options and class path for all three, each with an AOT cache trained the same way, and
 * again without. Each boot is timed from just before the JVM is spawned to its ready line; the
 * figures are medians.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = { "Boot time of a profile against a stock Felix launch of the same bundles, and against the",
                "framework alone, in fresh JVMs (medians), each with a JDK AOT cache trained the same way (as",
                "mlos run uses) and each without one. Prints BENCH boot <profile>_boot_ms, felix_boot_ms,",
                "ratio_vs_felix, felix_framework_only_boot_ms and resident memory." })
public final class BootBench implements Callable<Integer> {

    private static final Pattern READY = Pattern.compile(
            "(?:mlos: ready profile=\\S+|stock-felix: ready) bundles=(\\d+) boot_ms=(\\d+)(?: serving_ms=\\d+)?(?: joined_ms=\\S+)?(?: rss_kb=(\\d+))?");

    @Option(names = "--runs", defaultValue = "9", description = "boots of each (at least 5; default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--profile", defaultValue = "minimal", description = "profile to boot (default ${DEFAULT-VALUE})")
    String profile;

    record Boot(long millis, long rssKb, int bundles) {
    }

    /** Medians of one configuration: our launcher, stock Felix with the same bundles, our launcher with no bundles. */
    record Medians(long ours, long felix, long frameworkOnly, long oursRssKb, long felixRssKb, int bundles) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 5) {
            throw new IllegalArgumentException("--runs must be at least 5, was " + runs);
        }
        NodeLayout layout = NodeLayout.fromSystemProperties();
        List<String> ours = List.of("org.mlos.launcher.Main", profile, "--images", layout.images().toString(), "--exit-when-ready");
        List<String> stock = List.of("org.mlos.launcher.baseline.StockFelix", layout.images().resolve(profile).toString());
        List<String> bare = List.of("org.mlos.launcher.Main", "--framework-only", "--images", layout.images().toString(),
                "--exit-when-ready");
        // Each gets an AOT cache trained the same way, as `mlos run` does for a profile.
        Path aot = Files.createTempDirectory("mlos-bench-aot");
        try {
            Medians withAot = measure(List.of(ours, stock, bare), List.of(aotOf(aot, "ours", ours), aotOf(aot, "stock", stock),
                    aotOf(aot, "bare", bare)));
            Medians without = measure(List.of(ours, stock, bare), List.of(List.of(), List.of(), List.of()));
            BenchLine.of("boot").with(profile + "_boot_ms", withAot.ours()).print("ms");
            BenchLine.of("boot").with("felix_boot_ms", withAot.felix()).print("ms");
            BenchLine.of("boot").with("ratio_vs_felix", (double) withAot.ours() / withAot.felix()).print();
            BenchLine.of("boot").with("felix_framework_only_boot_ms", withAot.frameworkOnly())
                    .with("ratio_vs_framework_only", (double) withAot.ours() / withAot.frameworkOnly()).print();
            BenchLine.of("boot").with(profile + "_boot_ms_no_aot", without.ours())
                    .with("felix_boot_ms_no_aot", without.felix())
                    .with("ratio_vs_felix_no_aot", (double) without.ours() / without.felix())
                    .with("felix_framework_only_boot_ms_no_aot", without.frameworkOnly()).print();
            BenchLine.of("boot").with(profile + "_rss_mb", withAot.oursRssKb() / 1024.0)
                    .with("felix_rss_mb", withAot.felixRssKb() / 1024.0).with("bundles", withAot.bundles())
                    .with("runs", runs).print();
        } finally {
            try (var files = Files.list(aot)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(aot);
        }
        return 0;
    }

    private static List<String> aotOf(Path dir, String name, List<String> what) throws IOException, InterruptedException {
        return List.of("-XX:AOTCache=" + train(dir, name, what));
    }

    /** Boots the three in turn, round after round, so that the machine's load falls on each alike. */
    private Medians measure(List<List<String>> what, List<List<String>> jvm) throws IOException, InterruptedException {
        for (int k = 0; k < what.size(); k++) {
            boot(jvm.get(k), what.get(k)); // warm the file cache; not counted
        }
        long[][] millis = new long[what.size()][runs];
        long[][] rss = new long[what.size()][runs];
        int bundles = 0;
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < what.size(); k++) {
                Boot b = boot(jvm.get(k), what.get(k));
                millis[k][i] = b.millis();
                rss[k][i] = b.rssKb();
                if (k == 0) {
                    bundles = b.bundles();
                }
            }
        }
        return new Medians(median(millis[0]), median(millis[1]), median(millis[2]), median(rss[0]), median(rss[1]), bundles);
    }

    private static Path train(Path dir, String name, List<String> what) throws IOException, InterruptedException {
        Path cache = dir.resolve(name + ".aot");
        boot(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=error"), what);
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("AOT training of " + what + " left no cache at " + cache);
        }
        return cache;
    }

    /** One boot of {@code what} (a main class and its arguments), timed from just before the JVM is spawned. */
    private static Boot boot(List<String> jvm, List<String> what) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        NodeLayout layout = NodeLayout.fromSystemProperties();
        cmd.add(layout.java());
        cmd.addAll(layout.jvmOptions());
        cmd.addAll(jvm);
        int t0 = cmd.size();
        cmd.add("-Dmlos.t0=");
        cmd.addAll(List.of("-cp", layout.classPath()));
        cmd.addAll(what);
        Instant start = Instant.now(); // as late as possible: the JVM is spawned right after
        cmd.set(t0, "-Dmlos.t0=" + (start.getEpochSecond() * 1_000_000L + start.getNano() / 1_000));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("boot of " + what + " failed:\n" + out);
        }
        Matcher m = READY.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no ready line from " + what + ":\n" + out);
        }
        return new Boot(Long.parseLong(m.group(2)), m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                Integer.parseInt(m.group(1)));
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
