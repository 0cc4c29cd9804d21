package org.mlos.launcher.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found by an outsider killing nodes under load (1 of 5): the supervisor restarted a node 11 ms
 * after it saw it die, its listener still closing, found its kept port taken, and moved it to
 * another port, although nothing else held its own a moment later. A kept port is now waited for
 * up to {@link KeptPorts#RELEASE_WAIT_MS} ms.
 */
class AKilledNodesListenerOutlivedItsDeathByAMomentTest {

    @TempDir
    Path dir;

    @Test
    void aKeptPortFreedAMomentLaterIsTakenBack() throws Exception {
        List<String> args = List.of("--set", "mlos.port=0", "--set", "mlos.fault.dir=" + dir.resolve("c-cache-1.data"));
        List<String> first = KeptPorts.withKeptPort(args, said -> { }, 32768);
        int kept = Integer.parseInt(first.get(first.size() - 1).substring("mlos.port=".length()));
        ServerSocket dying = new ServerSocket();
        dying.bind(new InetSocketAddress("127.0.0.1", kept));
        CountDownLatch checking = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            try {
                checking.await();
                Thread.sleep(300); // the dead node's sockets closing
                dying.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();
        List<String> said = new java.util.ArrayList<>();
        checking.countDown();
        List<String> again = KeptPorts.withKeptPort(args, said::add, 32768);
        closer.join();
        assertEquals("mlos.port=" + kept, again.get(again.size() - 1), "said: " + said);
        assertEquals(List.of(), said);
        assertEquals(String.valueOf(kept), Files.readString(dir.resolve("c-cache-1.data.port")).trim());
    }
}
