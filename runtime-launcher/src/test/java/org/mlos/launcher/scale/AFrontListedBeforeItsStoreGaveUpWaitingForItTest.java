package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlos cluster up --nodes front=1,store=1} started the front first; its store runs on a
 * store node ({@code mlos.kind.KeyValueStore=heap@store}) that was to start after it, and the
 * front gave up after 30 s, failing the whole cluster ({@code store=1,front=1} worked). A profile
 * that another's kinds run on starts first, whatever the order given.
 */
class AFrontListedBeforeItsStoreGaveUpWaitingForItTest {

    @TempDir
    Path images;

    private void profile(String name, String properties) throws Exception {
        Files.createDirectories(images.resolve(name));
        Files.createDirectories(images.resolve("cnf/profiles"));
        Files.writeString(images.resolve("cnf/profiles/" + name + ".bndrun"),
                properties.isEmpty() ? "-runfw: x\n" : "-runproperties.profile: \\\n    " + properties + "\n");
    }

    private static Map<String, Integer> counts(String... profiles) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String p : profiles) {
            m.put(p, 1);
        }
        return m;
    }

    @Test
    void theHostsStartBeforeTheProfilesWhoseKindsRunOnThem() throws Exception {
        profile("front", "mlos.kind.KeyValueStore=heap@store,\\\n    mlos.kind.NetworkServer=vertx");
        profile("store", "");
        profile("web", "mlos.kind.HostFiles=disk@full");
        profile("full", "");
        profile("worker", "");
        assertEquals(List.of("store", "front", "worker"), List.copyOf(ClusterProfiles.hostsFirst(images,
                counts("front", "worker", "store")).keySet()));
        assertEquals(List.of("full", "web", "store", "front"), List.copyOf(ClusterProfiles.hostsFirst(images,
                counts("web", "full", "store", "front")).keySet()));
        assertEquals(List.of("web", "worker"), List.copyOf(ClusterProfiles.hostsFirst(images,
                counts("web", "worker")).keySet()), "a host not in the cluster changes nothing");
    }
}
