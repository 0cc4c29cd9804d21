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
import org.mlos.launcher.ProfileVm;
import org.mlos.launcher.process.NodeLayout;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Boots a profile in fresh JVMs and, interleaved in the same run, the same bundles in a stock
 * Felix ({@code org.mlos.launcher.baseline.StockFelix}: Felix embedded as its documentation shows,
 * defaults everywhere, bundles installed from their files and started in turn, until all are
 * active), and our launcher with no bundles at all ({@code --framework-only}, to STARTED). Same
 * JVM and class path for all, each with an AOT cache trained the same way, and again without. Our
 * node gets its profile's JVM options ({@code -runvm}, as every node of the profile does), stock
 * Felix and the bare framework the JVM's defaults; a fourth, stock Felix given the profile's JVM
 * options too, shows how much of the difference the options alone make. Each boot is timed from
 * just before the JVM is spawned to its ready line; the figures are medians.
 */
@Command(name = "boot", mixinStandardHelpOptions = true,
        description = "Boot time of a profile against a stock Felix launch of the same bundles, and against the framework "
                + "alone, in fresh JVMs (medians), each with a JDK AOT cache trained the same way (as mlos run uses) "
                + "and each without one. Prints BENCH boot <profile>_boot_ms, felix_boot_ms, ratio_vs_felix, "
                + "felix_same_flags_boot_ms (stock Felix with the profile's JVM options), felix_framework_only_boot_ms "
                + "and resident memory.")
public final class BootBench implements Callable<Integer> {

    private static final Pattern READY = Pattern.compile(
            "(?:mlos: ready profile=\\S+|stock-felix: ready) bundles=(\\d+) boot_ms=(\\d+)(?: serving_ms=\\d+)?(?: joined_ms=\\S+)?(?: rss_kb=(\\d+))?");

    @Option(names = "--runs", defaultValue = "9", description = "boots of each (at least 5; default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--profile", defaultValue = "minimal", description = "profile to boot (default ${DEFAULT-VALUE})")
    String profile;

    record Boot(long millis, long rssKb, int bundles) {
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
        // Our node boots with its profile's JVM options (-runvm), as mlos run and NodeProcess start
        // it; stock Felix with the JVM's defaults, as its documentation launches it. The same Felix
        // given our profile's options is measured beside them, so that what the options alone
        // bring is not counted as the launcher's.
        List<String> vm = ProfileVm.options(layout.images(), profile);
        List<Config> configs = List.of(new Config("ours", vm, ours), new Config("stock", List.of(), stock),
                new Config("bare", List.of(), bare), new Config("stock_same_flags", vm, stock));
        // Each gets an AOT cache trained the same way, as `mlos run` does for a profile.
        Path aot = Files.createTempDirectory("mlos-bench-aot");
        try {
            long[][] withAot = measure(configs, aot);
            long[][] without = measure(configs, null);
            long oursMs = median(withAot[0]);
            long felixMs = median(withAot[1]);
            long bareMs = median(withAot[2]);
            long sameFlagsMs = median(withAot[3]);
            BenchLine.of("boot").with(profile + "_boot_ms", oursMs).print("ms");
            BenchLine.of("boot").with("felix_boot_ms", felixMs).print("ms");
            BenchLine.of("boot").with("ratio_vs_felix", (double) oursMs / felixMs).print();
            BenchLine.of("boot").with("felix_same_flags_boot_ms", sameFlagsMs)
                    .with("ratio_vs_felix_same_flags", (double) oursMs / sameFlagsMs)
                    .with("profile_jvm_options", vm.size()).print();
            System.out.println("(profile " + profile + "'s JVM options, given to the same-flags Felix too: "
                    + (vm.isEmpty() ? "none" : String.join(" ", vm)) + ")");
            BenchLine.of("boot").with("felix_framework_only_boot_ms", bareMs)
                    .with("ratio_vs_framework_only", (double) oursMs / bareMs).print();
            BenchLine.of("boot").with(profile + "_boot_ms_no_aot", median(without[0]))
                    .with("felix_boot_ms_no_aot", median(without[1]))
                    .with("ratio_vs_felix_no_aot", (double) median(without[0]) / median(without[1]))
                    .with("felix_framework_only_boot_ms_no_aot", median(without[2]))
                    .with("felix_same_flags_boot_ms_no_aot", median(without[3])).print();
            BenchLine.of("boot").with(profile + "_rss_mb", median(withAot[4]) / 1024.0)
                    .with("felix_rss_mb", median(withAot[5]) / 1024.0).with("bundles", bundles)
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

    /** One way of booting: its name, its JVM options, its main class and arguments. */
    record Config(String name, List<String> jvm, List<String> what) {
    }

    private int bundles;

    /**
     * Boots the configurations in turn, round after round, so that the machine's load falls on each
     * alike; with AOT caches trained in {@code aot} (one per configuration, each with its own JVM
     * options), or none if null. Returns each configuration's boot times, then our and stock
     * Felix's resident memory.
     */
    private long[][] measure(List<Config> configs, Path aot) throws IOException, InterruptedException {
        List<List<String>> jvm = new ArrayList<>();
        for (Config c : configs) {
            List<String> options = new ArrayList<>(c.jvm());
            if (aot != null) {
                options.add("-XX:AOTCache=" + train(aot, c));
            }
            jvm.add(options);
        }
        for (int k = 0; k < configs.size(); k++) {
            boot(jvm.get(k), configs.get(k).what()); // warm the file cache; not counted
        }
        long[][] out = new long[configs.size() + 2][runs];
        for (int i = 0; i < runs; i++) {
            for (int k = 0; k < configs.size(); k++) {
                Boot b = boot(jvm.get(k), configs.get(k).what());
                out[k][i] = b.millis();
                if (k == 0) {
                    bundles = b.bundles();
                    out[configs.size()][i] = b.rssKb();
                } else if (k == 1) {
                    out[configs.size() + 1][i] = b.rssKb();
                }
            }
        }
        return out;
    }

    private static Path train(Path dir, Config c) throws IOException, InterruptedException {
        Path cache = dir.resolve(c.name() + ".aot");
        List<String> jvm = new ArrayList<>(c.jvm());
        jvm.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=error"));
        boot(jvm, c.what());
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("AOT training of " + c.what() + " left no cache at " + cache);
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
