package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.KeptPorts;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * {@code mlos cluster up --nodes cache=3 --set mlos.port=11211} gave every node that one port:
 * the first served, the other two failed to bind it. An operator who writes the client's server
 * list first wants memcached's way: 11211, 11212, 11213, and the next scaled node on 11214.
 */
class EveryCacheNodeTookThePortGivenToTheClusterTest {

    @TempDir
    Path dir;

    private static ClusterFiles.Entry node(String slot, List<String> args) {
        return new ClusterFiles.Entry(4711, "cache", slot + ".log", new SupervisedNode(slot, "cache", args));
    }

    @Test
    void thePortGivenIsTheLastOneSetAndZeroIsNone() {
        assertEquals(11211, BasePort.givenIn(List.of("mlos.memcached.host=127.0.0.1", "mlos.port=11211")));
        assertEquals(0, BasePort.givenIn(List.of("mlos.port=0")), "0 asks each node to take a free port");
        assertEquals(0, BasePort.givenIn(List.of("mlos.port=eleven")), "not a port: the node's own check tells it");
        assertEquals(11300, BasePort.given(List.of("--set", "mlos.port=0", "--set", "mlos.port=11300")));
    }

    @Test
    void aScaledNodeTakesThePortAfterTheHighestOfTheCluster() {
        List<ClusterFiles.Entry> all = List.of(
                node("cache-1", BasePort.at(List.of("--set", "mlos.port=11211"), 11211)),
                node("cache-2", BasePort.at(List.of("--set", "mlos.port=11211"), 11212)));
        assertEquals(11213, BasePort.next(all, 0));
        assertEquals(11214, BasePort.next(all, 1));
        assertEquals(0, BasePort.next(List.of(node("cache-1", List.of("--set", "mlos.port=0"))), 0),
                "a cluster whose nodes took free ports goes on so");
    }

    @Test
    void theGivenPortWinsOverOneKeptFromAnEarlierUpOnTheSameFolders() throws Exception {
        Path data = dir.resolve("mlos-cache-1.data");
        Files.writeString(dir.resolve("mlos-cache-1.data.port"), "21211\n");
        List<String> args = BasePort.at(List.of("--set", "mlos.fault.dir=" + data), 11211);
        assertEquals(args, KeptPorts.withKeptPort(args, said -> { }));
    }

    @Test
    void portsPastTheLastAreRefusedBeforeAnyNodeStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BasePort.requireRoom(65535, 2));
        assertTrue(e.getMessage().equals("--set mlos.port=65535 puts the cluster's 2 memcached node(s) on ports 65535 to"
                + " 65536, past 65535: give a lower port"), e.getMessage());
        BasePort.requireRoom(65534, 2);
        BasePort.requireRoom(0, 5);
    }
}
