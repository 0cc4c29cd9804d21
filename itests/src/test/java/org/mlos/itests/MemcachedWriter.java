package org.mlos.itests;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sets keys one at a time over one memcached text connection until stopped, remembering the keys
 * the server acknowledged ({@code STORED}): what a client may count on. Each value names its key,
 * so a read can tell a kept write from another.
 */
final class MemcachedWriter implements Runnable {

    private final int port;
    private final String prefix;
    private final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;
    private volatile int refused;
    private volatile String error;

    MemcachedWriter(int port, String prefix) {
        this.port = port;
        this.prefix = prefix;
    }

    static String value(String key) {
        return "value-of-" + key;
    }

    @Override
    public void run() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int i = 0; !stopped && i < 1_000_000; i++) {
                String key = prefix + i;
                byte[] v = value(key).getBytes(StandardCharsets.US_ASCII);
                out.write(("set " + key + " 0 0 " + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(v);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String reply = line(in);
                if (reply == null) {
                    error = "connection closed after " + acked.size() + " acknowledged writes";
                    return;
                }
                if (reply.equals("STORED")) {
                    acked.add(key);
                } else {
                    refused++; // not acknowledged: the client knows this write may be lost
                }
            }
        } catch (IOException e) {
            error = e.toString();
        }
    }

    void stop() {
        stopped = true;
    }

    List<String> acked() {
        synchronized (acked) {
            return new ArrayList<>(acked);
        }
    }

    int refused() {
        return refused;
    }

    String error() {
        return error;
    }

    /** Waits (bounded) until {@code n} writes were acknowledged, or the writer failed. */
    void awaitAcked(int n, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (acked.size() < n && error == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (acked.size() < n) {
            throw new AssertionError("only " + acked.size() + " of " + n + " writes acknowledged in " + wait.toSeconds()
                    + " s (refused " + refused + ", error " + error + ")");
        }
    }

    /** The keys that the server does not return with their value, read back in batches of multi-gets. */
    static List<String> missing(int port, List<String> keys) throws IOException {
        List<String> missing = new ArrayList<>();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (int from = 0; from < keys.size(); from += 100) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + 100));
                out.write(("get " + String.join(" ", batch) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Set<String> found = new HashSet<>();
                for (String l = line(in); l != null && !l.equals("END"); l = line(in)) {
                    String[] f = l.split(" "); // VALUE <key> <flags> <bytes>
                    String data = line(in);
                    if (f.length == 4 && f[0].equals("VALUE") && value(f[1]).equals(data)) {
                        found.add(f[1]);
                    }
                }
                for (String k : batch) {
                    if (!found.contains(k)) {
                        missing.add(k);
                    }
                }
            }
        }
        return missing;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.US_ASCII);
            }
            b.write(c);
        }
        return null;
    }
}
