package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.files.DiskFiles;

/**
 * A client that declared a long body and sent a byte now and then held the body's room in the
 * budget for as long as it liked (each byte restarted the idle timeout): a few such clients left
 * every other body 503. A body now has a grace time and one more second for every so many bytes
 * that come; behind that pace it is answered 408 and its room given back. A client that keeps the
 * pace is served, however long it takes.
 */
class ABodyThatTricklesHeldItsRoomForGoodTest {

    private static final String TOKEN = RunningFront.TOKEN;
    private static final int BODY_MAX = 64 * 1024;
    private static final long GRACE_MILLIS = 500;
    private static final long BYTES_PER_SECOND = 1000;

    @TempDir
    Path dir;
    RunningFront running;
    int port;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("files"));
        running = new RunningFront(dir, BodyLimits.of(BODY_MAX).withPace(GRACE_MILLIS, BYTES_PER_SECOND),
                new DiskFiles(dir.resolve("files"), BODY_MAX));
        port = running.port;
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    private OutputStream put(Socket s, String name, String framing) throws IOException {
        s.setSoTimeout(30_000);
        OutputStream out = s.getOutputStream();
        out.write(("PUT /files/" + name + " HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + TOKEN + "\r\n" + framing + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return out;
    }

    /** The answer's head and body, read to the close the refusal ends with. */
    private static String answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void aDeclaredBodyThatStopsComingIs408AndItsRoomGivenBack() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = put(s, "slow", "Content-Length: " + BODY_MAX + "\r\n");
            out.write(new byte[10]);
            out.flush();
            String answer = answer(s);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("one more second for every " + BYTES_PER_SECOND + " bytes"), answer);
        }
        running.waitForNothingHeld();
        assertTrue(Files.notExists(dir.resolve("files/slow")), "a body refused was written");
    }

    @Test
    void aChunkedBodyThatTricklesIs408() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = put(s, "drip", "Transfer-Encoding: chunked\r\n");
            String answer = null;
            // a byte every 100 ms, ten a second: behind a thousand a second once the grace is over
            for (int i = 0; i < 600 && answer == null; i++) {
                try {
                    out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(100);
                if (s.getInputStream().available() > 0) {
                    answer = answer(s);
                }
            }
            if (answer == null) {
                answer = answer(s);
            }
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        }
        running.waitForNothingHeld();
    }

    @Test
    void aBodyThatKeepsThePaceIsServedThoughItTakesLongerThanTheGrace() throws Exception {
        byte[] body = new byte[8000];
        new java.util.Random(1).nextBytes(body);
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = put(s, "steady", "Content-Length: " + body.length + "\r\nConnection: close\r\n");
            // 400 bytes every 50 ms: eight times the pace, for a second, twice the grace
            for (int at = 0; at < body.length; at += 400) {
                out.write(body, at, 400);
                out.flush();
                Thread.sleep(50);
            }
            String answer = answer(s);
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
        }
        assertArrayEquals(body, Files.readAllBytes(dir.resolve("files/steady")));
        running.waitForNothingHeld();
    }

    @Test
    void limitsThatMakeNoSenseAreRefusedSayingWhy() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new BodyLimits(100, 10, 1000, 1000));
        assertTrue(e.getMessage().contains("max <= budget"), e.getMessage());
    }
}
