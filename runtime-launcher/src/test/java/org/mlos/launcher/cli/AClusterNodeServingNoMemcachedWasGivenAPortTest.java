package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.NodeArguments;
import org.mlos.launcher.scale.ClusterProfiles;
import org.mlos.launcher.scale.LocalScaler;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * {@code cluster up} gave every node {@code mlos.port=0}, the port of a memcached server, so every
 * worker, full and web node, which serves none, read every profile's class files at boot to tell
 * of a key only other profiles read (~100 ms of CPU a node). Only nodes that serve memcached are
 * given a port now, and a scale's first node of a profile, started like another profile's node,
 * takes or drops the port as its own profile needs.
 */
class AClusterNodeServingNoMemcachedWasGivenAPortTest {

    @TempDir
    Path images;

    @Test
    void onlyAProfileThatServesMemcachedIsGivenAPortOfItsOwn() throws IOException {
        bundle("cache", "org.mlos.cluster");
        bundle("cache", "org.mlos.net.memcached");
        bundle("worker", "org.mlos.cluster");
        assertTrue(ClusterProfiles.servesMemcached(images, "cache"));
        assertFalse(ClusterProfiles.servesMemcached(images, "worker"));
        assertFalse(ClusterProfiles.servesMemcached(images, "unbuilt"));

        ClusterCommand.Up up = new ClusterCommand.Up();
        up.name = "c";
        List<String> worker = up.nodeArgs(false, List.of(), List.of());
        assertFalse(worker.contains("mlos.port=0"), worker.toString());
        NodeArguments.check("worker", worker);
        List<String> cache = up.nodeArgs(true, List.of(), List.of());
        assertTrue(cache.contains("mlos.port=0"), cache.toString());
        NodeArguments.check("cache", cache);

        SupervisedNode worker1 = new SupervisedNode("worker-1", "worker", worker);
        SupervisedNode cache1 = new SupervisedNode("cache-1", "cache", cache);
        assertTrue(LocalScaler.argsLike(worker1, "cache", images).contains("mlos.port=0"),
                "a first cache node like a worker: two would share 11211");
        assertFalse(LocalScaler.argsLike(cache1, "worker", images).contains("mlos.port=0"), "a first worker like a cache node");
        assertEquals(cache, LocalScaler.argsLike(cache1, "cache", images), "another cache node: as the first");
        assertEquals(1, LocalScaler.argsLike(cache1, "cache", images).stream().filter("mlos.port=0"::equals).count());
    }

    private void bundle(String profile, String symbolicName) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
        Path dir = Files.createDirectories(images.resolve(profile));
        try (OutputStream out = Files.newOutputStream(dir.resolve(symbolicName + ".jar")); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
    }
}
