package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.files.DiskFiles;

/**
 * An outsider's raw requests: garbage, HTTP/0.9 and a negative Content-Length got 400 with an
 * empty body, where every other failure says its reason.
 */
class AnUnreadableRequestGotAnEmptyAnswerTest {

    @TempDir
    Path dir;
    private RunningFront running;

    @BeforeEach
    void start() throws Exception {
        running = new RunningFront(dir, BodyLimits.of(1 << 20), new DiskFiles(dir.resolve("files"), 1 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        running.close();
    }

    /** The answer's head and body, then whether the front closed the connection after it. */
    private String[] send(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            String body = new String(in.readNBytes(RawHttp.contentLength(head)), StandardCharsets.UTF_8);
            return new String[] {head, body, String.valueOf(RawHttp.closedByTheFront(s))};
        }
    }

    @Test
    void garbageAndANegativeLengthAreTold() throws Exception {
        for (String request : new String[] {"GARBAGE\r\n\r\n",
                "POST /files/a HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + RunningFront.TOKEN
                        + "\r\nContent-Length: -5\r\n\r\n"}) {
            String[] a = send(request);
            assertTrue(a[0].matches("(?s)HTTP/1\\.[01] 400 .*"), a[0]); // 1.0 where the request line did not say
            assertTrue(a[1].startsWith("bad request: it could not be read as HTTP/1.1 ("), a[1]);
            assertTrue(a[1].strip().endsWith("); the connection closes"), a[1]);
            assertTrue(Boolean.parseBoolean(a[2]), "closed after the answer");
        }
    }

    /** A bad escape was told with a URI the client never sent: "Malformed escape pair at index 18: http://host/files/%zz". */
    @Test
    void aBadEscapeIsToldWithThePathSent() throws Exception {
        String[] a = send("GET /files/%zz HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + RunningFront.TOKEN + "\r\n\r\n");
        assertTrue(a[0].startsWith("HTTP/1.1 400"), a[0]);
        assertTrue(a[1].startsWith("the path or query is not valid URI syntax: /files/%zz (a '%' must begin an escape of two"
                + " hex digits: write a '%' itself as %25"), a[1]);
    }
}
