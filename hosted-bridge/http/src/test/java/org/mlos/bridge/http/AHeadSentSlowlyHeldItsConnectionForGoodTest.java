package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.bridge.http.RawHttp.closedByTheFront;
import static org.mlos.bridge.http.RawHttp.contentLength;
import static org.mlos.bridge.http.RawHttp.get;
import static org.mlos.bridge.http.RawHttp.readHead;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.files.DiskFiles;

/**
 * A client that sent a request's headers a byte at a time held its connection for good, with no
 * token: the idle timeout restarted with every byte, and the token is checked only once the head
 * is whole. A connection now has a time to bring a whole head, from its opening and from each
 * answer; past it, it is closed. A request under way (its body, its answer) is not cut by it.
 */
class AHeadSentSlowlyHeldItsConnectionForGoodTest {

    private static final int BODY_MAX = 64 * 1024;

    @TempDir
    Path dir;
    RunningFront running;

    private void start(long headMillis) throws Exception {
        Files.createDirectories(dir.resolve("files"));
        running = new RunningFront(dir, BodyLimits.of(BODY_MAX).withPace(30_000, 1000), headMillis,
                new DiskFiles(dir.resolve("files"), BODY_MAX));
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
    }

    private void waitForNoConnections() throws InterruptedException {
        for (int i = 0; i < 600 && running.front.connections() != 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, running.front.connections(), "a closed connection is still watched");
    }

    @Test
    void aHeadTrickledAByteAtATimeIsCut() throws Exception {
        start(500);
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            OutputStream out = s.getOutputStream();
            out.write("GET /files/ HTTP/1.1\r\nHost: h\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            boolean cut = false;
            // a byte every 50 ms, never the head's end: each restarts an idle timeout, not this one
            for (int i = 0; i < 1200 && !cut; i++) {
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException closed) {
                    cut = true;
                }
                Thread.sleep(50);
            }
            assertTrue(cut || closedByTheFront(s), "the connection was still open after 60 s of a head that never ended");
        }
        waitForNoConnections();
    }

    @Test
    void aConnectionThatSaysNothingIsClosed() throws Exception {
        start(500);
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            assertTrue(closedByTheFront(s));
        }
        waitForNoConnections();
    }

    @Test
    void aKeptConnectionServesTheNextRequestThenIsClosedWhenItSaysNothing() throws Exception {
        start(3_000);
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(get().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                in.readNBytes(contentLength(head));
                Thread.sleep(200);
            }
            // the deadline runs again from the last answer
            assertTrue(closedByTheFront(s), "a kept connection that said nothing after its answer stayed open");
        }
        waitForNoConnections();
    }

    @Test
    void aSlowBodyIsNotCutByTheHeadTimeEvenPipelinedBehindAnotherRequest() throws Exception {
        start(2_000);
        byte[] body = new byte[2000];
        new java.util.Random(7).nextBytes(body);
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            OutputStream out = s.getOutputStream();
            // the PUT's head goes with the GET: Vert.x hands it over within the GET's answer
            out.write((get() + "PUT /files/slow HTTP/1.1\r\nHost: h\r\nConnection: close\r\nAuthorization: Bearer "
                    + RunningFront.TOKEN + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // its body over about 5 s, well past the head time, at twice the pace
            for (int at = 0; at < body.length; at += 200) {
                Thread.sleep(500);
                out.write(body, at, 200);
                out.flush();
            }
            s.setSoTimeout(30_000);
            String answers = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answers.startsWith("HTTP/1.1 200"), answers);
            assertTrue(answers.contains("HTTP/1.1 204"), "the pipelined PUT was cut: " + answers);
        }
        assertArrayEquals(body, Files.readAllBytes(dir.resolve("files/slow")));
        waitForNoConnections();
    }
}
