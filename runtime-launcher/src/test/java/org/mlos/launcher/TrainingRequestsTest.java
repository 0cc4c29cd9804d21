package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The AOT training's requests are what a real memcached answers in full: checked against
 * memcached itself, so that a training boot neither hangs on a reply that never ends nor stops
 * short of the request path it is there to load.
 */
class TrainingRequestsTest {

    @Test
    void aRealMemcachedAnswersEveryTrainingRequestInFull() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/memcached")), "needs memcached (/usr/bin/memcached)");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/bin/memcached", "-l", "127.0.0.1", "-p",
                Integer.toString(port), "-U", "0", "-m", "8"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(java.util.List.of("-u", "root")); // memcached refuses to run as root without it
        }
        Process memcached = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            awaitListening(address, memcached);
            String[] replies = TrainingRequests.train(address);
            assertTrue(replies[0].startsWith("VERSION "), replies[0]);
            assertTrue(replies[1].startsWith("STORED\r\nVALUE mlos-aot-training 0 1\r\nx\r\nEND\r\n"), replies[1]);
            assertTrue(replies[1].contains("NOT_FOUND\r\nDELETED\r\nVERSION "), replies[1]);
            assertTrue(replies[2].startsWith("HD") && replies[2].contains("VA 1") && replies[2].endsWith("MN\r\n"), replies[2]);
            assertEquals((byte) 0x81, (byte) replies[3].charAt(0), "a binary response");
            assertEquals(0x0b, replies[3].charAt(1), "to VERSION");
            assertEquals(0, replies[3].charAt(6) << 8 | replies[3].charAt(7), "status OK");
            // The key is gone again: training leaves nothing in the store.
            assertTrue(new String(TrainingRequests.ask(address, "get mlos-aot-training\r\n".getBytes(), "END"))
                    .equals("END\r\n"));
        } finally {
            memcached.destroy();
            memcached.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitListening(InetSocketAddress address, Process memcached) throws Exception {
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket()) {
                s.connect(address, 100);
                return;
            } catch (IOException e) {
                if (!memcached.isAlive()) {
                    throw new IllegalStateException("memcached exited: " + new String(memcached.getInputStream().readAllBytes()));
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("memcached did not listen on " + address);
    }
}
