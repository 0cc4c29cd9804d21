package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * An outsider's {@code GET /files/a%00b} was answered with the NUL in the body, as sent; an
 * escape sequence in a path ({@code %1b[31m}, or C1's CSI) would have acted on the terminal curl
 * prints the answer to. Every control character but a line break or a tab shows as {@code \xNN}.
 */
class AControlCharacterInAPathWasEchoedRawTest {

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

    private String[] get(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", running.port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + RunningFront.TOKEN
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            String head = RawHttp.readHead(in);
            return new String[] {head, new String(in.readNBytes(RawHttp.contentLength(head)), StandardCharsets.UTF_8)};
        }
    }

    @Test
    void aNulAndEscapeSequencesAreShownEscaped() throws Exception {
        String[] nul = get("/files/a%00b");
        assertTrue(nul[0].startsWith("HTTP/1.1 400"), nul[0]);
        assertTrue(nul[1].contains("'a\\x00b'"), nul[1]);

        String[] esc = get("/files/red%1b%5b31m.txt");
        assertTrue(esc[0].startsWith("HTTP/1.1 404"), esc[0]);
        assertTrue(esc[1].contains("'red\\x1b[31m.txt'"), esc[1]);

        String[] csi = get("/files/c1%c2%9b31m");
        assertTrue(csi[1].contains("'c1\\x9b31m'"), csi[1]);

        for (String[] a : new String[][] {nul, esc, csi}) {
            assertFalse(a[1].strip().chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f)), a[1]);
        }
    }

    @Test
    void lineBreaksAndTabsStay() {
        assertEquals("a\nb\tc\\x1bd\\x9b", Reply.shown("a\nb\tc\u001bd\u009b"));
        assertEquals("plain", Reply.shown("plain"));
    }
}
