package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Found by review: the remote-call port took every connection, each kept until its handshake
 * failed or timed out, and logged a warning for each refusal: a flood of strangers took whatever
 * the node had and flooded its log. At most {@value RemoteServer#MAX_HANDSHAKING} connections are
 * now in their handshake at once; one more is closed as it opens, and a caller with the secret is
 * served again once the strangers go.
 */
class AFloodOfStrangersHadNoCapTest {

    private TransportFixture f;

    @BeforeEach
    void start() throws Exception {
        // a handshake time far past the test's: the strangers are held by the cap, not let go by their deadline
        f = new TransportFixture(() -> new HeapStore(1 << 20), new RemoteSettings(2000, 2000, 0, 64 << 20, 120_000));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void waitForHandshaking(int n) throws InterruptedException {
        for (int i = 0; i < 600 && f.server.handshaking() != n; i++) {
            Thread.sleep(50);
        }
        assertEquals(n, f.server.handshaking(), "connections in their handshake");
    }

    @Test
    void strangersPastTheCapAreClosedAtOnceAndACallerIsServedOnceTheyGo() throws Exception {
        List<Socket> strangers = new ArrayList<>();
        try {
            for (int i = 0; i < RemoteServer.MAX_HANDSHAKING; i++) {
                strangers.add(new Socket("127.0.0.1", f.peer.port()));
            }
            waitForHandshaking(RemoteServer.MAX_HANDSHAKING);
            for (int i = 0; i < 10; i++) {
                try (Socket extra = new Socket("127.0.0.1", f.peer.port())) {
                    extra.setSoTimeout(30_000);
                    try {
                        assertEquals(-1, extra.getInputStream().read(), "a connection past the cap was kept");
                    } catch (IOException reset) {
                        // closed as it opened: refused as well
                    }
                }
            }
            assertEquals(10, f.server.refusedAtCap());
            assertEquals(RemoteServer.MAX_HANDSHAKING, f.server.handshaking());
        } finally {
            for (Socket s : strangers) {
                s.close();
            }
        }
        waitForHandshaking(0);
        try (RemoteClient caller = new RemoteClient(f.callerVertx, new Handshake(TransportFixture.KEY), RemoteSettings.DEFAULTS,
                "caller")) {
            KeyValueStore store = caller.bind(KeyValueStore.class, "heap", f.peer);
            store.set("k", new byte[] { 1 }, 0, 0);
            assertEquals(1, store.get("k").value().length);
        }
        assertEquals(0, f.server.handshaking(), "a handshaken connection still counted as in its handshake");
        assertEquals(10, f.server.refusedAtCap());
    }
}
