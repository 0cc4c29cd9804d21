package org.mlos.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Karaf 4.4.10 on the build's JDK (25), configured as docs/embedding.md says: its scripts'
 * {@code -Djava.security.manager=allow} replaced (JAVA_OPTS in bin/setenv; a JVM of 24+ refuses to
 * start with it) and Event Admin's {@code AddSubject} off (Subject.getSubject throws on 24+, and
 * Event Admin calls it for every event). Karaf's shell still calls Subject.getSubject for every
 * session and does not open on 24+, so the features come as boot features
 * (etc/org.apache.karaf.features.cfg) and the test talks to the kernel's control socket and to
 * memcached only: the Java 24 features (mlos-mem, mlos-sched) install and the store swaps heap ->
 * slab live, with a memcached client writing through the swap.
 */
class KarafOnJdk25IT {

    private static final int ENTRIES = 3_000;
    private static final int WRITES_BEFORE_SWAP = 100;
    /** One-second polls for the control socket: the boot features install before it appears. */
    private static final int POLLS = 120;

    @Test
    void theJava24StoreFeatureBootsOnJdk25AndTheStoreSwapsHeapToSlabLiveWithItsState() throws Exception {
        Path javaHome = Jdks.buildJdk();
        String version = System.getProperty("mlos.version");
        int memcachedPort = Karaf.freePort();
        Path controlDir = Files.createTempDirectory("mlos-karaf25-ctl");
        Files.delete(controlDir); // the kernel creates it, owner-only
        try (Karaf karaf = Karaf.unpack(Path.of(System.getProperty("mlos.karaf.dist")), Path.of(System.getProperty("mlos.karaf.work25")),
                javaHome, Path.of(System.getProperty("mlos.karaf.repo")))) {
            karaf.setenv(List.of(
                    "JAVA_OPTS=\"-XX:+UnlockDiagnosticVMOptions --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED\"",
                    "export JAVA_OPTS"));
            karaf.customProperties(List.of("org.apache.felix.eventadmin.AddSubject = false"));
            karaf.replaceEtcLine("org.apache.felix.eventadmin.impl.EventAdmin.cfg", "org\\.apache\\.felix\\.eventadmin\\.AddSubject\\s*=.*",
                    "org.apache.felix.eventadmin.AddSubject=false");
            karaf.replaceEtcLine("org.apache.karaf.features.cfg", "featuresRepositories\\s*=.*",
                    "featuresRepositories = mvn:org.mlos/mlos-features/" + version + "/xml/features, \\");
            karaf.replaceEtcLine("org.apache.karaf.features.cfg", "featuresBoot\\s*=.*", "featuresBoot = mlos-memcached, mlos-mem, mlos-sched, \\");
            karaf.systemProperties(List.of(
                    "mlos.control.dir = " + controlDir,
                    "mlos.profile = karaf",
                    "mlos.kind.KeyValueStore = heap",
                    "mlos.port = " + memcachedPort));
            karaf.start();
            ControlSocket control = ControlSocket.await(controlDir, karaf, POLLS);
            try (MemcachedText mc = MemcachedText.connect(memcachedPort, POLLS)) {
                for (int i = 0; i < ENTRIES; i++) {
                    assertEquals("STORED", mc.set("k" + i, "v" + i));
                }
            }
            // the Java 24 bundles may start after core's socket opened and memcached serves
            JsonNode store = awaitCandidates(control, "KeyValueStore", List.of("heap", "slab", "log"));
            assertEquals("heap", store.get("active").asText(), store.toString());
            awaitCandidates(control, "Scheduler", List.of("pool", "loops", "virtual"));

            MemcachedWriter writer = MemcachedWriter.start(memcachedPort, WRITES_BEFORE_SWAP);
            JsonNode report = control.json("swap KeyValueStore slab");
            int acked = writer.stop();
            System.out.println("karaf on " + Runtime.version() + ": " + report + ", memcached writes acknowledged around it: " + acked);
            assertEquals("COMPLETED", report.get("outcome").asText(), report.toString());
            assertEquals("heap", report.get("from").asText());
            assertEquals("slab", report.get("to").asText());
            assertTrue(report.get("entries").asLong() >= ENTRIES + WRITES_BEFORE_SWAP, "entries moved: " + report);
            try (MemcachedText mc = MemcachedText.connect(memcachedPort, 1)) {
                for (int i = 0; i < ENTRIES; i++) {
                    assertEquals("v" + i, mc.get("k" + i), "k" + i + " after the swap");
                }
            }
            MemcachedWriter.checkAll(memcachedPort, acked);
            assertEquals("slab", control.active("KeyValueStore"));
            String log = karaf.log();
            assertFalse(log.contains("getSubject is not supported"), "Subject.getSubject failed in Karaf" + karaf.tail());
            // Errors of ours, not Karaf's own boot races (CI once saw aries.jmx.whiteboard register
            // Karaf's features MBean twice while features.core restarted: InstanceAlreadyExists).
            List<String> ours = java.util.Arrays.stream(log.split("\n(?=\\d{4}-\\d\\d-\\d\\dT)")) // an entry and its stack trace
                    .filter(entry -> entry.contains("| ERROR ") && entry.contains("org.mlos")).toList();
            assertEquals(List.of(), ours, "an error of ours in Karaf's log on " + Runtime.version() + karaf.tail());
        } finally {
            Karaf.deleteTree(controlDir);
        }
    }

    /** Polls {@code kinds} until the kind has every one of {@code impls} among its candidates. */
    private static JsonNode awaitCandidates(ControlSocket control, String kind, List<String> impls) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < POLLS; i++) {
            last = control.json("kinds");
            for (JsonNode k : last.get("kinds")) {
                if (k.get("simpleName").asText().equals(kind)) {
                    List<String> candidates = new ArrayList<>();
                    k.get("candidates").forEach(c -> candidates.add(c.asText()));
                    if (candidates.containsAll(impls)) {
                        return k;
                    }
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("kind " + kind + " without candidates " + impls + " after " + POLLS + " s: " + last);
    }
}
