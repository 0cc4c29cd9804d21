package org.mlos.bridge.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** HTTP/1.1 by hand over a socket, for tests that need what a client library hides: when a connection ends. */
final class RawHttp {

    private RawHttp() {
    }

    /** A GET of the file list with the test token. */
    static String get() {
        return "GET /files/ HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + RunningFront.TOKEN + "\r\n\r\n";
    }

    /** Whether the front closed the socket: the read ends (or resets) rather than timing out (30 s). */
    static boolean closedByTheFront(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer, if any, then the end
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** A response's head, up to its blank line; IOException if the connection ends first. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }

    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
