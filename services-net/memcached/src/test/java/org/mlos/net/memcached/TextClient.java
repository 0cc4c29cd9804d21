package org.mlos.net.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw socket speaking memcached's text protocol: what tests send is exactly what goes out. */
final class TextClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TextClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 64 << 10); // a read a byte, not a system call a byte
        out = socket.getOutputStream();
    }

    TextClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    TextClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One reply line, without its CRLF. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed; read so far: " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Sends a command line and reads one reply line. */
    String call(String command) throws IOException {
        return send(command + "\r\n").line();
    }

    /**
     * Sends {@code requests} in one write, then {@code version}, and returns every byte answered
     * before the version's reply: the replies to the requests, exactly as they came.
     */
    String exchange(String requests) throws IOException {
        String version = "VERSION " + MemcachedProtocol.VERSION + "\r\n";
        send(requests + "version\r\n");
        StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith(version)) {
            got.append(line()).append("\r\n");
        }
        return got.substring(0, got.length() - version.length());
    }

    /** Reads lines up to and including END (a get's or a stats' reply), END excluded. */
    java.util.List<String> untilEnd() throws IOException {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String l = line(); !l.equals("END"); l = line()) {
            lines.add(l);
        }
        return lines;
    }

    /** True if the server closed the connection (read returns end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
