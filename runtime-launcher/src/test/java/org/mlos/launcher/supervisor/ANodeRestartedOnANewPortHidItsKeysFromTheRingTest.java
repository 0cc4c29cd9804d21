package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.ReadyLine;

/**
 * A supervised cache node killed with {@code -9} came back on its data folder with every item, but
 * on a new free port ({@code mlos.port=0}): clients place keys on the ketama ring by host and port,
 * so a third to half of the keys written were missing to them, and so after {@code cluster down}
 * and {@code up}. The port is kept beside the data folder and given back at the next start.
 */
class ANodeRestartedOnANewPortHidItsKeysFromTheRingTest {

    @TempDir
    Path dir;

    private List<String> args() {
        return List.of("--set", "mlos.port=0", "--set", "mlos.fault.dir=" + dir.resolve("c-cache-1.data"));
    }

    private static ReadyLine ready(String endpoints) {
        return ReadyLine.parse("mlos: ready profile=cache bundles=20 boot_ms=900 serving_ms=900 joined_ms=pending rss_kb=1"
                + " pid=42 endpoints=" + endpoints);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theMemcachedPortANodeServedOnIsGivenToItAgainLastSoItWins() throws Exception {
        int port = freePort();
        KeptPorts.keep(args(), ready("memcached://127.0.0.1:" + port + ",remote://127.0.0.1:1"));
        assertEquals(String.valueOf(port), Files.readString(dir.resolve("c-cache-1.data.port")).trim());
        List<String> again = KeptPorts.withKeptPort(args(), said -> { throw new AssertionError(said); });
        assertEquals(List.of("--set", "mlos.port=" + port), again.subList(again.size() - 2, again.size()));
        assertEquals(args(), again.subList(0, args().size()));
    }

    @Test
    void aKeptPortSomethingElseHoldsIsDroppedAndSaid() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            KeptPorts.keep(args(), ready("memcached://127.0.0.1:" + taken.getLocalPort()));
            List<String> said = new ArrayList<>();
            List<String> again = KeptPorts.withKeptPort(args(), said::add);
            String given = again.get(again.size() - 1);
            assertEquals(1, said.size());
            assertTrue(said.get(0).startsWith("port " + taken.getLocalPort() + " kept for the node on "), said.get(0));
            assertTrue(said.get(0).contains("it takes port " + given.substring("mlos.port=".length())), said.get(0));
            assertEquals(given.substring("mlos.port=".length()), Files.readString(dir.resolve("c-cache-1.data.port")).trim(),
                    "the next start tries the port given instead, not the taken one");
        }
    }

    @Test
    void nothingIsKeptWithoutADataFolderOrAMemcachedEndpointAndAScaledInNodeForgetsIt() throws Exception {
        List<String> noData = List.of("--set", "mlos.port=0");
        KeptPorts.keep(noData, ready("memcached://127.0.0.1:" + freePort()));
        assertEquals(noData, KeptPorts.withKeptPort(noData, said -> { }));
        KeptPorts.keep(args(), ready("remote://127.0.0.1:" + freePort()));
        assertFalse(Files.exists(dir.resolve("c-cache-1.data.port")));
        KeptPorts.keep(args(), ready("memcached://127.0.0.1:" + freePort()));
        KeptPorts.forget(args());
        assertFalse(Files.exists(dir.resolve("c-cache-1.data.port")));
    }

    /**
     * {@code mlos cluster up --set mlos.fault.dir=DIR} with DIR not made yet: the first node "did not
     * start: DIR" (the kept ports beside its folder listed in a folder that was not there), though a
     * node makes its data folder and those above it. The folder is made, its owner's alone, as the
     * node makes its own.
     */
    @Test
    void aDataFolderNotMadeYetIsMadeAndItsNodeGetsAPort() throws Exception {
        List<String> args = List.of("--set", "mlos.port=0", "--set", "mlos.fault.dir=" + dir.resolve("new/c-cache-1.data"));
        List<String> started = KeptPorts.withKeptPort(args, said -> { });
        assertTrue(started.size() == args.size() + 2 && started.get(started.size() - 1).startsWith("mlos.port="),
                started.toString());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("new"))));
    }
}
