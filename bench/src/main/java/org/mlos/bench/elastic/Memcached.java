package org.mlos.bench.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The few memcached text-protocol exchanges the elastic benchmark times a node by. */
final class Memcached {

    private Memcached() {
    }

    /** A port free right now on 127.0.0.1 (the node is told to take it, so the client knows it in advance). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** The reply to one request, or null if nothing listens or the reply did not come within 2 s. */
    static String ask(int port, String request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder reply = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                reply.append((char) c);
                String r = reply.toString();
                if (r.endsWith("END\r\n") || r.startsWith("VERSION") && r.endsWith("\r\n") || r.endsWith("STORED\r\n")
                        || r.endsWith("ERROR\r\n")) {
                    return r;
                }
            }
            return reply.toString();
        } catch (IOException e) {
            return null;
        }
    }

    static void set(int port, String key, String value) throws IOException {
        String r = ask(port, "set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n");
        if (r == null || !r.equals("STORED\r\n")) {
            throw new IOException("set " + key + " on port " + port + " answered " + r);
        }
    }

    /** Whether {@code key} is served with {@code value}. */
    static boolean serves(int port, String key, String value) {
        String r = ask(port, "get " + key + "\r\n");
        return r != null && r.contains("\r\n" + value + "\r\nEND\r\n");
    }

    /** Whether the node answers at all. */
    static boolean answers(int port) {
        String r = ask(port, "version\r\n");
        return r != null && r.startsWith("VERSION");
    }
}
