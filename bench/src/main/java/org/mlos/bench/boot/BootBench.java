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
 * Boots a profile in fresh JVMs and, interleaved in the same run, bare Felix started the same
 * way (same launcher, same JVM options, framework only, to STARTED). Each boot is timed from just
 * before the JVM is spawned to the node's ready line; the figures are medians.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = { "Boot time of a profile against bare Felix, in fresh JVMs (medians), both with a JDK",
                "AOT cache trained the same way (as mlos run uses) and both without one.",
                "Prints BENCH boot <profile>_boot_ms, felix_boot_ms, ratio_vs_felix and resident memory." })
public final class BootBench implements Callable<Integer> {

    private static final Pattern READY = Pattern.compile("mlos: ready profile=(\\S+) bundles=(\\d+) boot_ms=(\\d+)(?: rss_kb=(\\d+))?");

    @Option(names = "--runs", defaultValue = "9", description = "boots of each (at least 5; default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--profile", defaultValue = "minimal", description = "profile to boot (default ${DEFAULT-VALUE})")
    String profile;

    record Boot(long millis, long rssKb, int bundles) {
    }

    /** Medians of one configuration. */
    record Medians(long ours, long felix, long oursRssKb, long felixRssKb, int bundles) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 5) {
            throw new IllegalArgumentException("--runs must be at least 5, was " + runs);
        }
        // Both sides get an AOT cache trained the same way, as `mlos run` does for a profile.
        Path aot = Files.createTempDirectory("mlos-bench-aot");
        try {
            List<String> oursAot = List.of("-XX:AOTCache=" + train(aot, profile, List.of(profile)));
            List<String> felixAot = List.of("-XX:AOTCache=" + train(aot, "felix", List.of("--framework-only")));
            Medians withAot = measure(oursAot, felixAot);
            Medians without = measure(List.of(), List.of());
            BenchLine.of("boot").with(profile + "_boot_ms", withAot.ours()).print("ms");
            BenchLine.of("boot").with("felix_boot_ms", withAot.felix()).print("ms");
            BenchLine.of("boot").with("ratio_vs_felix", (double) withAot.ours() / withAot.felix()).print();
            BenchLine.of("boot").with(profile + "_boot_ms_no_aot", without.ours())
                    .with("felix_boot_ms_no_aot", without.felix())
                    .with("ratio_vs_felix_no_aot", (double) without.ours() / without.felix()).print();
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

    private Medians measure(List<String> oursJvm, List<String> felixJvm) throws IOException, InterruptedException {
        boot(oursJvm, List.of(profile));              // warm the file cache; not counted
        boot(felixJvm, List.of("--framework-only"));
        long[] ours = new long[runs];
        long[] felix = new long[runs];
        long[] oursRss = new long[runs];
        long[] felixRss = new long[runs];
        int bundles = 0;
        for (int i = 0; i < runs; i++) {
            Boot o = boot(oursJvm, List.of(profile));
            Boot f = boot(felixJvm, List.of("--framework-only"));
            ours[i] = o.millis();
            felix[i] = f.millis();
            oursRss[i] = o.rssKb();
            felixRss[i] = f.rssKb();
            bundles = o.bundles();
        }
        return new Medians(median(ours), median(felix), median(oursRss), median(felixRss), bundles);
    }

    private static Path train(Path dir, String name, List<String> what) throws IOException, InterruptedException {
        Path cache = dir.resolve(name + ".aot");
        boot(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=error"), what);
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("AOT training of " + what + " left no cache at " + cache);
        }
        return cache;
    }

    private static Boot boot(List<String> jvm, List<String> what) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        NodeLayout layout = NodeLayout.fromSystemProperties();
        cmd.add(layout.java());
        cmd.addAll(layout.jvmOptions());
        cmd.addAll(jvm);
        int t0 = cmd.size();
        cmd.add("-Dmlos.t0=");
        cmd.addAll(List.of("-cp", layout.classPath(), "org.mlos.launcher.Main"));
        cmd.addAll(what);
        cmd.addAll(List.of("--images", layout.images().toString(), "--exit-when-ready"));
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
        return new Boot(Long.parseLong(m.group(3)), m.group(4) == null ? 0 : Long.parseLong(m.group(4)),
                Integer.parseInt(m.group(2)));
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
