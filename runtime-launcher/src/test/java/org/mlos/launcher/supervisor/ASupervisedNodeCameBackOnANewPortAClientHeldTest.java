package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised node killed with {@code -9} came back on a new port: its kept port had been taken
 * meanwhile, by a client's outgoing connection, since the node had listened on a port of the
 * kernel's ephemeral range ({@code mlos.port=0}), the range the kernel gives outgoing connections
 * their ports from. A node with a data folder that asks for any port is now given one below that
 * range, and keeps it from the start.
 */
class ASupervisedNodeCameBackOnANewPortAClientHeldTest {

    private static final int EPHEMERAL_START = 32768;

    @TempDir
    Path dir;

    private List<String> args(String slot, String port) {
        return List.of("--set", "mlos.port=" + port, "--set", "mlos.fault.dir=" + dir.resolve("c-cache-" + slot + ".data"));
    }

    private static int given(List<String> args) {
        String last = args.get(args.size() - 1);
        assertTrue(last.startsWith("mlos.port="), args.toString());
        return Integer.parseInt(last.substring("mlos.port=".length()));
    }

    @Test
    void aNodeAskingForAnyPortIsGivenOneBelowTheEphemeralRangeAndKeepsItAtOnce() throws Exception {
        int port = given(KeptPorts.withKeptPort(args("1", "0"), said -> { throw new AssertionError(said); }, EPHEMERAL_START));
        assertTrue(port >= KeptPorts.FIRST && port < EPHEMERAL_START, "port " + port);
        assertEquals(String.valueOf(port), Files.readString(dir.resolve("c-cache-1.data.port")).trim());
        assertEquals(port, given(KeptPorts.withKeptPort(args("1", "0"), said -> { throw new AssertionError(said); },
                EPHEMERAL_START)), "given again at its next start");
    }

    @Test
    void twoNodesOfAFolderAreGivenTwoPortsBeforeEitherListens() throws Exception {
        int first = given(KeptPorts.withKeptPort(args("1", "0"), said -> { }, EPHEMERAL_START));
        int second = given(KeptPorts.withKeptPort(args("2", "0"), said -> { }, EPHEMERAL_START));
        assertNotEquals(first, second);
    }

    @Test
    void aPortSomethingHoldsIsPassedOver() throws Exception {
        int first = given(KeptPorts.withKeptPort(args("1", "0"), said -> { }, EPHEMERAL_START));
        Files.delete(dir.resolve("c-cache-1.data.port"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", first));
            assertNotEquals(first, given(KeptPorts.withKeptPort(args("1", "0"), said -> { }, EPHEMERAL_START)));
        }
    }

    @Test
    void aPortTheUserGaveOrNoRoomBelowTheRangeLeavesTheArgumentsAsTheyAre() throws Exception {
        assertEquals(args("1", "11311"), KeptPorts.withKeptPort(args("1", "11311"), said -> { }, EPHEMERAL_START));
        assertEquals(args("2", "0"), KeptPorts.withKeptPort(args("2", "0"), said -> { }, KeptPorts.FIRST));
        assertTrue(Files.notExists(dir.resolve("c-cache-2.data.port")));
    }

    @Test
    void theEphemeralRangeIsReadFromTheKernel() {
        int start = KeptPorts.ephemeralStart();
        assertTrue(start > 1024 && start <= 65535, "start " + start);
    }
}
