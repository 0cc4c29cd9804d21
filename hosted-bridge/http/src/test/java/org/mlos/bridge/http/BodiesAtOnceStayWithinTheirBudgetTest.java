package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFileNotFoundException;
import org.mlos.bridge.api.HostFiles;

/**
 * The front held every body it received whole, as many at once as clients sent: fifty clients
 * sending 48 MiB each asked the heap for 2.4 GB. All bodies together now stay within a budget;
 * a body that finds no room is answered 503 with Retry-After, and nothing taken is kept after.
 */
class BodiesAtOnceStayWithinTheirBudgetTest {

    private static final String TOKEN = RunningFront.TOKEN;
    private static final int BODY_MAX = 64 * 1024;
    private static final long BUDGET = 4L * BODY_MAX;

    @TempDir
    Path dir;
    RunningFront running;
    String base;
    final Writes files = new Writes();
    final HttpClient client = HttpClient.newHttpClient();

    /** Files in memory; a write can be held at a gate, and checks the budget as it lands. */
    final class Writes implements HostFiles {
        final Map<String, byte[]> written = new ConcurrentHashMap<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        final Semaphore arrived = new Semaphore(0);
        final AtomicLong mostHeld = new AtomicLong();

        public byte[] read(String path) {
            byte[] b = written.get(path);
            if (b == null) {
                throw new HostFileNotFoundException("no " + path);
            }
            return b;
        }

        public byte[] readRange(String path, long offset, int length) {
            return read(path);
        }

        public void write(String path, byte[] data) {
            mostHeld.accumulateAndGet(running.front.bodiesHeld(), Math::max);
            arrived.release();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.put(path, data);
        }

        public void append(String path, byte[] data) {
            write(path, data);
        }

        public boolean delete(String path) {
            return written.remove(path) != null;
        }

        public List<FileInfo> list(String folder) {
            return List.of();
        }

        public Optional<FileInfo> stat(String path) {
            return Optional.empty();
        }
    }

    @BeforeEach
    void start() throws Exception {
        running = new RunningFront(dir, BodyLimits.of(BODY_MAX).withBudget(BUDGET), files);
        base = running.base();
    }

    @AfterEach
    void stop() throws Exception {
        files.gate.countDown();
        running.close();
    }

    private HttpRequest put(String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(URI.create(base + "/files/" + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(java.time.Duration.ofSeconds(60)).PUT(body).build();
    }

    private static byte[] body(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Holds four bodies of the limit in writes at the gate: the whole budget. */
    private List<CompletableFuture<HttpResponse<Void>>> holdTheBudget() throws Exception {
        files.gate = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<Void>>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(client.sendAsync(put("held-" + i, BodyPublishers.ofByteArray(body(BODY_MAX, i))), BodyHandlers.discarding()));
        }
        assertTrue(files.arrived.tryAcquire(4, 60, TimeUnit.SECONDS), "four writes reached the host");
        assertEquals(BUDGET, running.front.bodiesHeld());
        return held;
    }

    private void open(List<CompletableFuture<HttpResponse<Void>>> held) throws Exception {
        files.gate.countDown();
        for (var r : held) {
            assertEquals(204, r.get(60, TimeUnit.SECONDS).statusCode());
        }
        running.waitForNothingHeld();
    }

    @Test
    void aBodyThatFindsNoRoomIs503AndOthersAreServed() throws Exception {
        var held = holdTheBudget();
        HttpResponse<String> refused = client.send(put("late", BodyPublishers.ofByteArray(body(1000, 9))), BodyHandlers.ofString());
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        assertTrue(refused.body().contains(BUDGET + " bytes"), refused.body());
        // chunked, no length said: refused as its first bytes find no room
        HttpResponse<String> chunked = client.send(put("late2", BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(body(5000, 10)))), BodyHandlers.ofString());
        assertEquals(503, chunked.statusCode(), chunked.body());
        // a request without a body needs no room
        HttpResponse<String> listed = client.send(HttpRequest.newBuilder(URI.create(base + "/files/"))
                .header("Authorization", "Bearer " + TOKEN).build(), BodyHandlers.ofString());
        assertEquals(200, listed.statusCode());
        open(held);
        assertEquals(204, client.send(put("late", BodyPublishers.ofByteArray(body(1000, 9))), BodyHandlers.discarding()).statusCode());
        assertArrayEquals(body(1000, 9), files.written.get("late"));
        assertTrue(files.mostHeld.get() <= BUDGET);
    }

    @Test
    void bodiesAbandonedMidwayGiveTheirRoomBack() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", running.port)) {
                OutputStream out = s.getOutputStream();
                out.write(("PUT /files/gone-" + i + " HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + TOKEN
                        + (i % 2 == 0 ? "\r\nContent-Length: " + BODY_MAX + "\r\n\r\n" : "\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n"))
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[1000]);
                out.flush();
                for (int w = 0; w < 600 && running.front.bodiesHeld() == 0; w++) {
                    Thread.sleep(10);
                }
                assertTrue(running.front.bodiesHeld() > 0, "the front took room for body " + i);
            }
            running.waitForNothingHeld(); // closed midway: given back
        }
        open(holdTheBudget()); // the whole budget is there to take again
        assertTrue(files.written.keySet().stream().noneMatch(k -> k.startsWith("gone-")), "a body cut short was written");
    }

    @Test
    void aBadQueryIs400AndGivesItsRoomBack() throws Exception {
        int port = running.port;
        for (String query : List.of("%", "%zz", "a%2")) { // the JDK's URI refuses them: sent by hand
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("PUT /files/q?arg=" + query + " HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nConnection: close\r\nContent-Length: " + BODY_MAX + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body(BODY_MAX, 1));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 400"), query + ": " + answer);
            }
        }
        running.waitForNothingHeld();
        open(holdTheBudget());
    }

    @Test
    void manyClientsAtOnceLoseNothingAndKeepNothingHeld() throws Exception {
        int threads = 16;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<int[]>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                all.add(pool.submit(() -> {
                    int[] counts = new int[2];
                    for (int i = 0; i < each; i++) {
                        int seed = me * 1000 + i;
                        byte[] b = body(1 + new java.util.Random(seed).nextInt(BODY_MAX), seed);
                        HttpRequest.BodyPublisher p = i % 3 == 0
                                ? BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(b)) // chunked
                                : BodyPublishers.ofByteArray(b);
                        int status = client.send(put("f-" + seed, p), BodyHandlers.discarding()).statusCode();
                        if (status == 204) {
                            counts[0]++;
                            assertArrayEquals(b, files.written.get("f-" + seed), "f-" + seed);
                        } else {
                            assertEquals(503, status, "f-" + seed);
                            counts[1]++;
                        }
                    }
                    return counts;
                }));
            }
            int stored = 0;
            int busy = 0;
            for (var f : all) {
                int[] c = f.get(300, TimeUnit.SECONDS);
                stored += c[0];
                busy += c[1];
            }
            assertEquals(threads * each, stored + busy);
            assertEquals(stored, files.written.size(), "a stored body was lost or one refused was written");
            assertTrue(files.mostHeld.get() <= BUDGET, files.mostHeld.get() + " held at once");
            running.waitForNothingHeld();
        } finally {
            pool.shutdownNow();
        }
    }
}
