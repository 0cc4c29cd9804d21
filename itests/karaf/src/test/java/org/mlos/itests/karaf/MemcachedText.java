package org.mlos.itests.karaf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Just enough of memcached's text protocol for the Karaf test: set and get over one connection. */
final class MemcachedText implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private MemcachedText(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:port, trying once a second up to {@code attempts} times while the server starts. */
    static MemcachedText connect(int port, int attempts) throws IOException, InterruptedException {
        for (int i = 1; ; i++) {
            try {
                return new MemcachedText(new Socket(InetAddress.getLoopbackAddress(), port));
            } catch (ConnectException e) {
                if (i >= attempts) {
                    throw new IOException("no memcached server on 127.0.0.1:" + port + " after " + attempts + " attempts", e);
                }
                Thread.sleep(1000);
            }
        }
    }

    /** {@code set}: the server's reply line, STORED when it took it. */
    String set(String key, String value) throws IOException {
        out.write(("set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return in.readLine();
    }

    /** {@code get}: the value, or null on a miss. */
    String get(String key) throws IOException {
        out.write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line = in.readLine();
        if ("END".equals(line)) {
            return null;
        }
        if (line == null || !line.startsWith("VALUE " + key + " ")) {
            throw new IOException("get " + key + " answered " + line);
        }
        String value = in.readLine();
        String end = in.readLine();
        if (!"END".equals(end)) {
            throw new IOException("get " + key + ": no END after the value but " + end);
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
