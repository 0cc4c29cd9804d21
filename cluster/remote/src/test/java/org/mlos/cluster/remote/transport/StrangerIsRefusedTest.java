package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/** A peer without the cluster secret is refused before anything it sends is decoded, and a caller refuses such a host. */
class StrangerIsRefusedTest {

    private TransportFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new TransportFixture(() -> new HeapStore(1 << 20), RemoteSettings.DEFAULTS.withRetries(0));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void aCallerWithAnotherSecretCannotOpenAnything() throws Exception {
        byte[] wrong = TransportFixture.KEY.clone();
        wrong[0] ^= 1;
        try (RemoteClient stranger = new RemoteClient(f.callerVertx, new Handshake(wrong), RemoteSettings.DEFAULTS, "stranger")) {
            RemoteCallException e = assertThrows(RemoteCallException.class,
                    () -> stranger.bind(KeyValueStore.class, "heap", f.peer));
            assertEquals(RemoteCallException.Failure.NODE_LOST, e.failure());
        }
        assertEquals(0, f.opened.get(), "nothing opened for a stranger");
        assertTrue(f.server.refusedConnections() >= 1);
    }

    @Test
    void framesSentWithoutTheHandshakeAreNeverDecoded() throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.peer.port())) {
            InputStream in = s.getInputStream();
            // Frame-like bytes where the hello should be, and beyond the answer's size.
            byte[] junk = new byte[Handshake.ANSWER_BYTES + 64];
            Arrays.fill(junk, (byte) 2);
            OutputStream out = s.getOutputStream();
            out.write(junk);
            out.flush();
            s.setSoTimeout(5000);
            assertEquals(-1, in.read(), "the host closes the connection without a word");
        }
        assertEquals(0, f.opened.get());
        assertEquals(0, f.server.calls());
        assertTrue(f.server.refusedConnections() >= 1);
    }

    @Test
    void aHelloFollowedByAForgedAnswerIsRefused() throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.peer.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(Handshake.hello());
            out.flush();
            InputStream in = s.getInputStream();
            byte[] challenge = in.readNBytes(Handshake.CHALLENGE_BYTES);
            assertEquals(Handshake.CHALLENGE_BYTES, challenge.length);
            byte[] wrong = TransportFixture.KEY.clone();
            wrong[9] ^= 1;
            out.write(new Handshake(wrong).answer(challenge, Handshake.nonce()));
            out.flush();
            assertEquals(-1, in.read(), "closed, no proof sent");
        }
        assertEquals(0, f.opened.get());
        assertTrue(f.server.refusedConnections() >= 1);
    }

    @Test
    void aHostWithoutTheSecretIsRefusedByTheCaller() throws Exception {
        byte[] wrong = TransportFixture.KEY.clone();
        wrong[5] ^= 1;
        Handshake callerSide = new Handshake(TransportFixture.KEY);
        Handshake hostSide = new Handshake(wrong);
        byte[] hostNonce = Handshake.nonce();
        byte[] callerNonce = Handshake.nonce();
        byte[] answer = callerSide.answer(Handshake.challenge(hostNonce), callerNonce);
        assertEquals(null, hostSide.verifyAnswer(answer, hostNonce), "host with another key rejects the answer");
        byte[] forged = hostSide.proof(callerNonce, hostNonce);
        assertTrue(!callerSide.verifyProof(forged, callerNonce, hostNonce), "caller rejects a host's proof under another key");
        assertTrue(callerSide.verifyProof(callerSide.proof(callerNonce, hostNonce), callerNonce, hostNonce));
    }

    @Test
    void aSilentPeerIsDroppedAfterTheHandshakeTimeout() throws Exception {
        f.close();
        f = new TransportFixture(() -> new HeapStore(1 << 20), new RemoteSettings(2000, 2000, 0, 1 << 20, 300));
        try (Socket s = new Socket("127.0.0.1", f.peer.port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "no challenge without a hello, and closed at the timeout");
        }
        assertTrue(f.server.refusedConnections() >= 1);
    }
}
