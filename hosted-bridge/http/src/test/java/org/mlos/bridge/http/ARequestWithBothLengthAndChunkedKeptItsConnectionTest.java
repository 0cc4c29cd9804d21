package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
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
 * An outsider's request carried both {@code Content-Length} and {@code Transfer-Encoding:
 * chunked}: the front served it by the chunks (as it must) and kept the connection open, where
 * RFC 9112 6.3 has it close after the answer. A proxy in front that framed the request by its
 * length would pass the rest of the body on as a next request, which the front then served: a
 * smuggled request.
 */
class ARequestWithBothLengthAndChunkedKeptItsConnectionTest {

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

    private static final String AUTH = "Authorization: Bearer " + RunningFront.TOKEN + "\r\n";

    @Test
    void theConnectionClosesAfterTheAnswerAndWhatFollowedIsNotServed() throws Exception {
        String smuggled = "PUT /files/smuggled HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Length: 1\r\n\r\nz";
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            write(s, "PUT /files/a HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nabc\r\n0\r\n\r\n" + smuggled);
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 204"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
            assertTrue(RawHttp.closedByTheFront(s), "closed after the answer");
        }
        assertEquals("abc", Files.readString(dir.resolve("files/a")), "framed by its chunks");
        // what followed reached the front: had it been served, its file would be there by now
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            write(s, RawHttp.get());
            String list = RawHttp.readHead(s.getInputStream());
            assertTrue(list.startsWith("HTTP/1.1 200"), list);
        }
        Thread.sleep(300);
        assertTrue(!Files.exists(dir.resolve("files/smuggled")), "the request pipelined behind it was served");
    }

    @Test
    void aRequestFramedByItsLengthKeepsItsConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            write(s, "PUT /files/b HTTP/1.1\r\nHost: h\r\n" + AUTH + "Content-Length: 3\r\n\r\nabc" + RawHttp.get());
            InputStream in = s.getInputStream();
            assertTrue(RawHttp.readHead(in).startsWith("HTTP/1.1 204"));
            String second = RawHttp.readHead(in);
            assertTrue(second.startsWith("HTTP/1.1 200"), "the next request on it served: " + second);
        }
    }

    private static void write(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }
}
