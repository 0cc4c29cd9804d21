package org.mlos.cluster.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MessageAuthTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PAYLOAD = "swap KeyValueStore heap".getBytes(StandardCharsets.UTF_8);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MessageAuth sender = new MessageAuth(SECRET, Duration.ofSeconds(30), now::get);
    private final MessageAuth receiver = new MessageAuth(SECRET.clone(), Duration.ofSeconds(30), now::get);

    @Test
    void aSealedMessageOpensWithTheSameSecret() throws AuthException {
        MessageAuth.Opened m = receiver.open("task", sender.seal("task", "node-1@127.0.0.1:5701", PAYLOAD));
        assertArrayEquals(PAYLOAD, m.payload());
        assertEquals("node-1@127.0.0.1:5701", m.sender());
        assertEquals(now.get(), m.timestamp());
    }

    @Test
    void anyAlteredByteIsRefused() {
        byte[] sealed = sender.seal("task", "node-1", PAYLOAD);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            AuthException e = assertThrows(AuthException.class, () -> receiver.open("task", tampered), "byte " + i);
            assertTrue(e.getMessage().contains("bad MAC") || e.getMessage().contains("not a sealed message"), e.getMessage());
        }
    }

    @Test
    void aTruncatedOrForeignMessageIsRefused() {
        byte[] sealed = sender.seal("task", "node-1", PAYLOAD);
        assertThrows(AuthException.class, () -> receiver.open("task", java.util.Arrays.copyOf(sealed, sealed.length - 1)));
        assertThrows(AuthException.class, () -> receiver.open("task", new byte[0]));
        assertThrows(AuthException.class, () -> receiver.open("task", null));
    }

    @Test
    void aMessageSealedWithAnotherSecretIsRefused() {
        MessageAuth stranger = new MessageAuth("another secret of thirty-two bytes!".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30), now::get);
        AuthException e = assertThrows(AuthException.class,
                () -> receiver.open("task", stranger.seal("task", "node-1", PAYLOAD)));
        assertTrue(e.getMessage().startsWith("bad MAC"), e.getMessage());
    }

    @Test
    void aReplayedMessageIsRefusedTheSecondTime() throws AuthException {
        byte[] sealed = sender.seal("task", "node-1", PAYLOAD);
        receiver.open("task", sealed);
        AuthException e = assertThrows(AuthException.class, () -> receiver.open("task", sealed));
        assertTrue(e.getMessage().startsWith("replayed"), e.getMessage());
    }

    @Test
    void aStaleMessageIsRefusedAndSoIsOneFromTooFarAhead() {
        byte[] old = sender.seal("task", "node-1", PAYLOAD);
        now.addAndGet(30_001);
        AuthException e = assertThrows(AuthException.class, () -> receiver.open("task", old));
        assertTrue(e.getMessage().startsWith("stale"), e.getMessage());
        byte[] future = sender.seal("task", "node-1", PAYLOAD);
        now.addAndGet(-60_002);
        assertThrows(AuthException.class, () -> receiver.open("task", future));
    }

    @Test
    void aMessageOfAnotherTypeIsRefused() {
        byte[] entry = sender.seal("node", "node-1", PAYLOAD);
        AuthException e = assertThrows(AuthException.class, () -> receiver.open("task", entry));
        assertTrue(e.getMessage().contains("a node message where a task was expected"), e.getMessage());
    }

    @Test
    void aRepeatableValueOpensManyTimesUntilItIsTooOld() throws AuthException {
        byte[] entry = sender.seal("node", "node-1", PAYLOAD);
        receiver.openRepeatable("node", entry, Duration.ofSeconds(20));
        now.addAndGet(19_000);
        receiver.openRepeatable("node", entry, Duration.ofSeconds(20));
        now.addAndGet(2_000);
        AuthException e = assertThrows(AuthException.class, () -> receiver.openRepeatable("node", entry, Duration.ofSeconds(20)));
        assertTrue(e.getMessage().startsWith("stale"), e.getMessage());
    }

    @Test
    void theClaimedSenderIsReadableForTheLogEvenUnverified() {
        byte[] sealed = new MessageAuth("yet another secret, thirty-two+ bytes".getBytes(StandardCharsets.UTF_8))
                .seal("task", "rogue@10.0.0.9:5701", PAYLOAD);
        assertEquals("rogue@10.0.0.9:5701", MessageAuth.claimedSender(sealed));
        assertEquals("(unreadable)", MessageAuth.claimedSender(new byte[] { 1, 2, 3 }));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MessageAuth(new byte[16]));
    }

    @Test
    void anAuthenticatingNodeRefusesWhatAnUnauthenticatedOneSends() throws Exception {
        byte[] unsealed = MessageAuth.unauthenticated().seal("task", "someone", new byte[] { 1 });
        assertThrows(AuthException.class, () -> new MessageAuth(new byte[32]).open("task", unsealed));
        assertEquals(1, MessageAuth.unauthenticated().open("task", unsealed).payload()[0]);
    }

    @Test
    void aMessageCapturedBeforeARestartIsRefusedByTheRestartedNode() throws AuthException {
        byte[] captured = sender.seal("task", "node-1", PAYLOAD);
        receiver.open("task", captured);
        now.addAndGet(2_000); // the receiver restarts 2 s later: well within the window, its nonces forgotten
        MessageAuth restarted = new MessageAuth(SECRET.clone(), Duration.ofSeconds(30), now::get);
        AuthException e = assertThrows(AuthException.class, () -> restarted.open("task", captured));
        assertTrue(e.getMessage().contains("before this node started"), e.getMessage());
        assertArrayEquals(PAYLOAD, restarted.open("task", sender.seal("task", "node-1", PAYLOAD)).payload());
        // values read many times (registry entries) may well be older than the reader
        restarted.openRepeatable("node", sender.seal("node", "node-1", PAYLOAD), Duration.ofSeconds(20));
    }

    @Test
    void manyThreadsSealAndOpenAtOnceEachMessageExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        java.util.Set<String> opened = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.List<byte[]> sealed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        byte[] m = sender.seal("task", "node-" + thread, (thread + ":" + i).getBytes(StandardCharsets.UTF_8));
                        sealed.add(m);
                        try {
                            opened.add(new String(receiver.open("task", m).payload(), StandardCharsets.UTF_8));
                        } catch (AuthException e) {
                            throw new AssertionError(e);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            assertEquals(threads * perThread, opened.size());
            // and every one of them, opened again from other threads, is a replay
            java.util.concurrent.atomic.AtomicInteger replays = new java.util.concurrent.atomic.AtomicInteger();
            done.clear();
            for (int t = 0; t < threads; t++) {
                int from = t * perThread;
                done.add(pool.submit(() -> {
                    for (int i = from; i < from + perThread; i++) {
                        byte[] again = sealed.get(i);
                        assertThrows(AuthException.class, () -> receiver.open("task", again));
                        replays.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            assertEquals(threads * perThread, replays.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
