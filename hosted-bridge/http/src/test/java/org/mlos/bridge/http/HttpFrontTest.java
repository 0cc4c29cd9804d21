package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFileFailedException;
import org.mlos.bridge.api.HostFiles;
import org.mlos.bridge.commands.AllowedCommands;
import org.mlos.bridge.files.DiskFiles;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.settings.BearerToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** The front on 127.0.0.1 in front of real files and commands, driven by the JDK's HTTP client. */
class HttpFrontTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final long BODY_MAX = 64 * 1024;

    @TempDir
    Path dir;
    Vertx vertx;
    HttpFront front;
    AllowedCommands commands;
    String base;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8)); // as BridgeHttp makes it
        commands = new AllowedCommands("cat,sh[-c]", dir, 20_000, 1 << 20, 2);
        start(new DiskFiles(dir, BODY_MAX));
    }

    private void start(HostFiles files) throws Exception {
        if (front != null) {
            front.close();
        }
        front = new HttpFront(vertx, BearerToken.of(TOKEN, "the bridge token"), BodyLimits.of(BODY_MAX), new FileRoutes(files, (int) BODY_MAX),
                new CommandRoutes(commands));
        base = "http://127.0.0.1:" + front.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        commands.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body) throws Exception {
        return send(method, path, body, TOKEN);
    }

    private HttpResponse<byte[]> ranged(String path, String range) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Range", range).build(), BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void everyRouteWantsTheToken() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "secret");
        for (String path : List.of("/files/a.txt", "/files/", "/commands", "/nowhere")) {
            assertEquals(401, send("GET", path, null, null).statusCode(), path);
            assertEquals(401, send("GET", path, null, TOKEN + "x").statusCode(), path);
        }
        HttpResponse<byte[]> r = send("PUT", "/files/b.txt", "x".getBytes(StandardCharsets.UTF_8), "wrong");
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(!Files.exists(dir.resolve("b.txt")), "an unauthorized PUT wrote nothing");
    }

    @Test
    void filesGoInComeOutAreListedAndDeleted() throws Exception {
        byte[] bytes = new byte[5000];
        new java.util.Random(1).nextBytes(bytes);
        assertEquals(204, send("PUT", "/files/img/in%20put.png", bytes).statusCode());
        assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("img/in put.png")));
        HttpResponse<byte[]> got = send("GET", "/files/img/in%20put.png", null);
        assertEquals(200, got.statusCode());
        assertArrayEquals(bytes, got.body());
        JsonNode listed = new ObjectMapper().readTree(send("GET", "/files/img/", null).body());
        assertEquals("img/in put.png", listed.get("entries").get(0).get("path").asText());
        assertEquals(5000, listed.get("entries").get(0).get("size").asLong());
        assertEquals("img", new ObjectMapper().readTree(send("GET", "/files/", null).body()).get("entries").get(0).get("path").asText());
        assertEquals(204, send("POST", "/files/logs/node.log", "one\n".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(204, send("POST", "/files/logs/node.log", "two\n".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals("one\ntwo\n", text(send("GET", "/files/logs/node.log", null)));
        assertEquals(204, send("DELETE", "/files/img/in%20put.png", null).statusCode());
        assertEquals(404, send("DELETE", "/files/img/in%20put.png", null).statusCode());
        assertEquals(404, send("GET", "/files/img/in%20put.png", null).statusCode());
    }

    @Test
    void badPathsAndMethodsGetTheirStatusAndSayWhy() throws Exception {
        HttpResponse<byte[]> escape = send("GET", "/files/a/%2e%2e/%2e%2e/etc/passwd", null);
        assertEquals(400, escape.statusCode());
        assertTrue(text(escape).contains(".. part"), text(escape));
        assertEquals(405, send("PATCH", "/files/a", new byte[1]).statusCode());
        assertEquals(400, send("POST", "/files/a/", new byte[1]).statusCode());
        assertEquals(400, send("PUT", "/files/a/", new byte[1]).statusCode());
        assertEquals(404, send("GET", "/other", null).statusCode());
        assertEquals(404, send("GET", "/files/missing/", null).statusCode());
    }

    @Test
    void aBodyOverTheLimitIsRefusedAndWritesNothing() throws Exception {
        assertEquals(413, send("PUT", "/files/big", new byte[(int) BODY_MAX + 1]).statusCode());
        // chunked: no length said up front
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/files/big2")).header("Authorization", "Bearer " + TOKEN)
                .PUT(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[(int) BODY_MAX * 2]))).build();
        try {
            assertEquals(413, client.send(chunked, BodyHandlers.ofByteArray()).statusCode());
        } catch (java.io.IOException closedWhileSending) {
            // the front closes the connection as the limit is passed: a client may see that instead
        }
        assertTrue(!Files.exists(dir.resolve("big")) && !Files.exists(dir.resolve("big2")));
        assertEquals(204, send("PUT", "/files/fits", new byte[(int) BODY_MAX]).statusCode());
    }

    @Test
    void filesAreServedWhileCommandsHoldEveryCommandWorker() throws Exception {
        send("PUT", "/files/f.txt", "file".getBytes(StandardCharsets.UTF_8));
        Path cmds = Files.createDirectories(dir.resolve("cmds"));
        commands.close();
        commands = new AllowedCommands("sh[-c]", cmds, 60_000, 1 << 20, 8); // eight at once: every worker of eight held
        start(new DiskFiles(dir, BODY_MAX));
        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> running = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            running.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/commands/sh?arg=-c&arg="
                    + "touch%20started.%24%24%3B%20while%20%5B%20!%20-e%20go%20%5D%3B%20do%20sleep%200.05%3B%20done"))
                    .header("Authorization", "Bearer " + TOKEN).POST(BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < 1200 && started(cmds) < 8; i++) {
            Thread.sleep(50);
        }
        assertEquals(8, started(cmds), "eight commands running");
        HttpResponse<byte[]> file = client.send(HttpRequest.newBuilder(URI.create(base + "/files/f.txt"))
                .header("Authorization", "Bearer " + TOKEN).timeout(java.time.Duration.ofSeconds(30)).build(), BodyHandlers.ofByteArray());
        assertEquals("file", text(file), "a file served while eight commands hold their workers");
        Files.createFile(cmds.resolve("go"));
        for (var r : running) {
            assertEquals(200, r.get(60, TimeUnit.SECONDS).statusCode());
        }
    }

    private static long started(Path cmds) throws java.io.IOException {
        try (var s = Files.list(cmds)) {
            return s.filter(p -> p.getFileName().toString().startsWith("started.")).count();
        }
    }

    @Test
    void aClientThatExpects100ContinueIsToldToSendItsBody() throws Exception {
        HttpResponse<byte[]> put = client.send(HttpRequest.newBuilder(URI.create(base + "/files/up.bin"))
                .header("Authorization", "Bearer " + TOKEN).expectContinue(true).timeout(java.time.Duration.ofSeconds(30))
                .PUT(BodyPublishers.ofByteArray(new byte[50_000])).build(), BodyHandlers.ofByteArray());
        assertEquals(204, put.statusCode());
        assertEquals(50_000, Files.size(dir.resolve("up.bin")));
        HttpResponse<byte[]> stranger = client.send(HttpRequest.newBuilder(URI.create(base + "/files/up.bin"))
                .expectContinue(true).timeout(java.time.Duration.ofSeconds(30)).PUT(BodyPublishers.ofByteArray(new byte[10]))
                .build(), BodyHandlers.ofByteArray());
        assertEquals(401, stranger.statusCode(), "no 100 for a request without the token: its answer instead");
    }

    @Test
    void aRangeGetsItsPartAndAFileOverTheLimitIsReadInParts() throws Exception {
        byte[] big = new byte[(int) BODY_MAX * 2 + 100];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Files.write(dir.resolve("big.bin"), big);
        HttpResponse<byte[]> whole = send("GET", "/files/big.bin", null);
        assertEquals(400, whole.statusCode());
        assertTrue(text(whole).contains("Range: bytes=0-"), text(whole));

        HttpResponse<byte[]> head = client.send(HttpRequest.newBuilder(URI.create(base + "/files/big.bin"))
                .header("Authorization", "Bearer " + TOKEN).method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(big.length), head.headers().firstValue("Content-Length").orElseThrow(), "HEAD tells the size");
        assertEquals(0, head.body().length);

        HttpResponse<byte[]> middle = ranged("/files/big.bin", "bytes=10-19");
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 10-19/" + big.length, middle.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(big, 10, 20), middle.body());
        HttpResponse<byte[]> tail = ranged("/files/big.bin", "bytes=-7");
        assertArrayEquals(Arrays.copyOfRange(big, big.length - 7, big.length), tail.body());

        // a client reading on from where the last part ended gets the whole file, part by part
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        int asked = 0;
        while (parts.size() < big.length) {
            HttpResponse<byte[]> part = ranged("/files/big.bin", "bytes=" + parts.size() + "-");
            assertEquals(206, part.statusCode());
            assertTrue(part.body().length <= BODY_MAX, "a part is at most the limit");
            parts.write(part.body());
            assertTrue(++asked <= 3, "three parts at most");
        }
        assertArrayEquals(big, parts.toByteArray());

        HttpResponse<byte[]> past = ranged("/files/big.bin", "bytes=" + big.length + "-");
        assertEquals(416, past.statusCode());
        assertEquals("bytes */" + big.length, past.headers().firstValue("Content-Range").orElseThrow());
        send("PUT", "/files/small.txt", "hello".getBytes(StandardCharsets.UTF_8));
        for (String ignored : List.of("bytes=0-1,3-4", "lines=0-1", "bytes=3-1", "bytes=x-")) {
            HttpResponse<byte[]> r = ranged("/files/small.txt", ignored);
            assertEquals(200, r.statusCode(), ignored + " is served whole, as RFC 9110 lets a server ignore it");
            assertEquals("hello", text(r));
        }
        assertEquals(404, ranged("/files/none", "bytes=0-1").statusCode());
        assertEquals(200, ranged("/files/", "bytes=0-1").statusCode(), "a folder's listing ignores Range");
        Files.createDirectories(dir.resolve("sub"));
        assertEquals(400, ranged("/files/sub", "bytes=0-1").statusCode());
    }

    @Test
    void commandsAreListedAndRunWithTheirInputAndArguments() throws Exception {
        JsonNode list = new ObjectMapper().readTree(send("GET", "/commands", null).body());
        assertEquals("[\"cat\",\"sh\"]", list.get("commands").toString());
        HttpResponse<byte[]> r = send("POST", "/commands/cat", "piped".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode());
        JsonNode result = new ObjectMapper().readTree(r.body());
        assertEquals(0, result.get("exitCode").asInt());
        assertEquals("piped", new String(Base64.getDecoder().decode(result.get("stdout").asText()), StandardCharsets.UTF_8));
        JsonNode sh = new ObjectMapper().readTree(send("POST", "/commands/sh?arg=-c&arg=echo%20%22%241%22%3B%20exit%205&arg=x&arg=a%26b", null).body());
        assertEquals(5, sh.get("exitCode").asInt());
        assertEquals("a&b\n", new String(Base64.getDecoder().decode(sh.get("stdout").asText()), StandardCharsets.UTF_8));
        HttpResponse<byte[]> refused = send("POST", "/commands/rm", null);
        assertEquals(422, refused.statusCode());
        assertTrue(text(refused).contains("not allowed"), text(refused));
        HttpResponse<byte[]> notHere = send("GET", "/commands/cat", null);
        assertEquals(405, notHere.statusCode());
        assertEquals("POST", notHere.headers().firstValue("Allow").orElse(null));
    }

    @Test
    void aHostThatDoesNotAnswerIs503AndTheFrontServesOn() throws Exception {
        start(new HostFiles() {
            public byte[] read(String path) {
                throw new NoImplementationException("HostFiles", "HostFiles has no implementation (disk@full is not there)");
            }

            public byte[] readRange(String path, long offset, int length) {
                return read(path);
            }

            public void write(String path, byte[] data) {
                throw new IllegalStateException("boom");
            }

            public void append(String path, byte[] data) {
                throw new RemoteCallException(RemoteCallException.Failure.TIMEOUT, "HostFiles", "append", "full-1",
                        "no answer in 45000 ms", null, null, null);
            }

            public boolean delete(String path) {
                if (path.equals("a")) { // it never left: nothing ran
                    throw RemoteCallException.lostResendable(new org.mlos.core.remote.RemoteMethod("HostFiles", "delete", 3, true),
                            "full-1", "cannot connect; it did not run (the request never left this node), so it may be sent again",
                            null);
                }
                throw new RemoteCallException(RemoteCallException.Failure.NODE_LOST, "HostFiles", "delete", "full-1",
                        "the connection closed; not retried, it mutates and may have run", null, null, null);
            }

            public List<FileInfo> list(String folder) {
                if (!folder.isEmpty()) {
                    throw new HostFileFailedException("the host cannot list '" + folder + "': No space left on device");
                }
                return List.of();
            }

            public Optional<FileInfo> stat(String path) {
                return Optional.empty();
            }
        });
        HttpResponse<byte[]> r = send("GET", "/files/a", null);
        assertEquals(503, r.statusCode());
        assertTrue(text(r).contains("disk@full"), text(r));
        assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
        HttpResponse<byte[]> lost = send("DELETE", "/files/a", null);
        assertEquals(503, lost.statusCode(), "the host went before the call ran: try again later");
        // it went during a mutating call: as a timeout, the call may have run; 503 with Retry-After invited the repeat
        HttpResponse<byte[]> during = send("DELETE", "/files/b", null);
        assertEquals(504, during.statusCode(), text(during));
        assertTrue(text(during).contains("may have run there, so check before you try it again"), text(during));
        assertTrue(during.headers().firstValue("Retry-After").isEmpty());
        HttpResponse<byte[]> late = send("POST", "/files/log", new byte[1]);
        assertEquals(504, late.statusCode(), "no answer in time is no 503: the append may have landed");
        assertTrue(text(late).contains("may have run"), text(late));
        assertEquals(500, send("GET", "/files/full/", null).statusCode(), "the host's trouble is no client error");
        HttpResponse<byte[]> failed = send("PUT", "/files/a", new byte[1]);
        assertEquals(500, failed.statusCode());
        assertTrue(text(failed).contains("boom"), text(failed));
        assertEquals(200, send("GET", "/files/", null).statusCode());
    }
}
