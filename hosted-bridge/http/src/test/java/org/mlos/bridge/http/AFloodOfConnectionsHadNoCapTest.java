package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.bridge.http.RawHttp.closedByTheFront;
import static org.mlos.bridge.http.RawHttp.contentLength;
import static org.mlos.bridge.http.RawHttp.get;
import static org.mlos.bridge.http.RawHttp.readHead;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.files.DiskFiles;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;

/**
 * The front took every connection that came, each allowed its head's time with no token: a flood
 * took whatever descriptors and memory the node had. Past its cap a connection is now closed as
 * it opens, unread; the ones admitted are served as before, and a place freed is taken again.
 */
class AFloodOfConnectionsHadNoCapTest {

    private static final int BODY_MAX = 64 * 1024;

    @TempDir
    Path dir;
    RunningFront running;

    private void start(int cap) throws Exception {
        Files.createDirectories(dir.resolve("files"));
        running = new RunningFront(dir, BodyLimits.of(BODY_MAX), HeadDeadline.MILLIS, cap,
                new DiskFiles(dir.resolve("files"), BODY_MAX));
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    private void waitForConnections(int n) throws InterruptedException {
        for (int i = 0; i < 600 && running.front.connections() != n; i++) {
            Thread.sleep(50);
        }
        assertEquals(n, running.front.connections(), "connections open at the front");
    }

    /** A GET on a kept connection, answered 200. */
    private static void served(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        s.getOutputStream().write(get().getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String head = readHead(s.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        s.getInputStream().readNBytes(contentLength(head));
    }

    @Test
    void connectionsPastTheCapAreClosedUnreadAndAPlaceFreedIsTakenAgain() throws Exception {
        start(4);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(new Socket("127.0.0.1", running.port));
            }
            waitForConnections(4);
            for (int i = 0; i < 20; i++) {
                try (Socket extra = new Socket("127.0.0.1", running.port)) {
                    extra.getOutputStream().write(get().getBytes(StandardCharsets.US_ASCII));
                    assertTrue(closedByTheFront(extra), "a connection past the cap was kept");
                } catch (IOException resetOnWrite) {
                    // closed before the request went: refused as well
                }
            }
            assertEquals(20, running.front.connectionsRefused());
            assertEquals(4, running.front.connections());
            for (Socket s : held) {
                served(s);
            }
            held.remove(0).close();
            held.remove(0).close();
            waitForConnections(2);
            try (Socket again = new Socket("127.0.0.1", running.port)) {
                served(again);
            }
            assertEquals(20, running.front.connectionsRefused(), "a place freed was refused");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        waitForConnections(0);
    }

    @Test
    void manyClientsAtOnceAreEachServedOrRefusedNeverBothNeverNeither() throws Exception {
        int cap = 3;
        int threads = 8;
        int each = 40;
        start(cap);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String got = exchange("GET /files/ HTTP/1.1\r\nHost: h\r\nConnection: close\r\nAuthorization: Bearer "
                                + RunningFront.TOKEN + "\r\n\r\n");
                        mostOpen.accumulateAndGet(running.front.connections(), Math::max);
                        if (got.isEmpty()) {
                            refused.incrementAndGet();
                        } else {
                            assertTrue(got.startsWith("HTTP/1.1 200"), got);
                            served.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, served.get() + refused.get());
        assertEquals(refused.get(), running.front.connectionsRefused(), "refusals the front counted against those the clients saw");
        assertTrue(served.get() >= cap, "served " + served.get());
        assertTrue(mostOpen.get() <= cap, "open at once: " + mostOpen.get() + " past the cap of " + cap);
        waitForConnections(0);
    }

    /** Sends {@code request} on a new connection; what came back before it ended (empty if refused). */
    private String exchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            s.setSoTimeout(30_000);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                for (int b; (b = in.read()) >= 0;) {
                    got.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException reset) {
                assertEquals(0, got.size(), "a connection served was reset mid-answer");
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aCapBelowOneIsRefusedWithWhatToGive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConnectionCap(null, 0, () -> 0));
        assertTrue(e.getMessage().contains("give 1 or more"), e.getMessage());
    }

    @Test
    void refusalsAreToldAtOnceThenTogetherOncePerPeriodNoneUntold() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            List<String> told = Collections.synchronizedList(new ArrayList<>());
            ConnectionCap cap = new ConnectionCap(vertx, 1, () -> 1, capturing(told), 300);
            HttpConnection connection = (HttpConnection) Proxy.newProxyInstance(HttpConnection.class.getClassLoader(),
                    new Class<?>[] { HttpConnection.class }, (p, m, a) -> null);
            Context loop = vertx.getOrCreateContext();
            refuse(loop, cap, connection, 20);
            assertEquals(1, told.size(), told.toString());
            assertTrue(told.get(0).contains("closed 1 new connection(s)") && told.get(0).contains("1 were open, the most "
                    + BridgeProperties.HTTP_MAX_CONNECTIONS + " allows"), told.get(0));
            for (int i = 0; i < 600 && told.size() < 2; i++) {
                Thread.sleep(50);
            }
            assertEquals(2, told.size(), "the refusals after the first were never told: " + told);
            assertTrue(told.get(1).contains("closed 19 new connection(s)"), told.get(1));
            assertEquals(20, cap.refused());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void refuse(Context loop, ConnectionCap cap, HttpConnection connection, int times) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        loop.runOnContext(v -> {
            for (int i = 0; i < times; i++) {
                assertFalse(cap.admits(connection));
            }
            done.countDown();
        });
        assertTrue(done.await(30, TimeUnit.SECONDS));
    }

    private static System.Logger capturing(List<String> told) {
        return new System.Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
                told.add(msg);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                told.add(format);
            }
        };
    }
}
