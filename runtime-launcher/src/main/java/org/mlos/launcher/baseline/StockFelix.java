package org.mlos.launcher.baseline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The baseline of {@code mlos bench boot}: Apache Felix 7 embedded the stock way, as its
 * documentation shows, running the same bundles as a profile. A fresh storage folder, cleaned
 * on first init, Felix's defaults for everything else (its URL handlers on, the system packages it
 * computes); each bundle installed from its file (Felix copies it into its cache) and started in
 * file-name order, Felix resolving as it goes; done when every bundle is active. None of the
 * launcher's boot work ({@code org.mlos.launcher.Node}: reference installs, one resolver run, start
 * in wiring order, the parser warm-up, the readiness checks) is used.
 *
 * <p>{@code StockFelix <bundle folder>} prints {@code stock-felix: ready bundles=<n> boot_ms=<t>
 * rss_kb=<kb>}, {@code boot_ms} from {@code -Dmlos.t0} (epoch µs) as the node's, then stops.
 */
public final class StockFelix {

    private StockFelix() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StockFelix <folder of bundle jars>");
            System.exit(2);
        }
        Path storage = Path.of(System.getProperty("java.io.tmpdir"), "mlos-stock-felix-" + ProcessHandle.current().pid());
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Felix felix = new Felix(config);
        felix.init();
        BundleContext context = felix.getBundleContext();
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars(Path.of(args[0]))) {
            bundles.add(context.installBundle(jar.toUri().toString()));
        }
        felix.start();
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE) {
                throw new IllegalStateException("bundle " + b.getSymbolicName() + " is not active");
            }
        }
        Instant now = Instant.now();
        long bootMs = (now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 - t0()) / 1000;
        System.out.println("stock-felix: ready bundles=" + bundles.size() + " boot_ms=" + bootMs + " rss_kb=" + rssKb());
        System.out.flush();
        felix.stop();
        felix.waitForStop(10_000);
        delete(storage);
    }

    private static long t0() {
        String t0 = System.getProperty("mlos.t0");
        if (t0 == null) {
            throw new IllegalStateException("-Dmlos.t0=<epoch µs> is required: boot_ms counts from it");
        }
        return Long.parseLong(t0.trim());
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : s) {
                jars.add(p);
            }
        }
        Collections.sort(jars);
        return jars;
    }

    private static String rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return line.substring(6).trim().split("\\s+")[0];
            }
        }
        return "0";
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        Collections.reverse(all);
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}
