package org.mlos.itests;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.mlos.cluster.api.KetamaRing;

/**
 * A memcached client of a multi-node cache that places keys as a ketama client does
 * ({@link KetamaRing}) over the servers the cluster says hold keys ({@code scale ring <profile>}
 * on a node's control socket), re-reading that list every {@value #REFRESH_MS} ms. As a writer it
 * sets keys one at a time until stopped, remembering those a server acknowledged ({@code STORED});
 * a write that fails (its server went away) is retried on the ring's owner at the next refresh.
 */
final class RingClient implements Runnable {

    static final long REFRESH_MS = 100;

    private final Callable<String> ringSource;
    private final String prefix;
    private final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Conn> conns = new HashMap<>();
    private volatile boolean stopped;
    private volatile String error;
    private volatile int retries;
    private KetamaRing ring;
    private long ringAt;

    RingClient(Callable<String> ringSource, String prefix) {
        this.ringSource = ringSource;
        this.prefix = prefix;
    }

    /** Parses a {@code ring=host:port host:port} answer. */
    static KetamaRing ring(String answer) {
        String a = answer.trim();
        if (!a.startsWith("ring=")) {
            throw new IllegalStateException("not a ring: " + a);
        }
        String list = a.substring("ring=".length()).trim();
        return KetamaRing.of(list.isEmpty() ? List.of() : Arrays.asList(list.split(" ")));
    }

    KetamaRing currentRing() throws Exception {
        return ring(ringSource.call());
    }

    @Override
    public void run() {
        try {
            for (int i = 0; !stopped && i < 10_000_000; i++) {
                String key = prefix + i;
                byte[] v = MemcachedWriter.value(key).getBytes(StandardCharsets.US_ASCII);
                for (int attempt = 0;; attempt++) {
                    if (ring == null || System.nanoTime() - ringAt > REFRESH_MS * 1_000_000 || attempt > 0) {
                        ring = currentRing();
                        ringAt = System.nanoTime();
                    }
                    String server = ring.owner(key);
                    try {
                        Conn c = conn(server);
                        c.out.write(("set " + key + " 0 0 " + v.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        c.out.write(v);
                        c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        c.out.flush();
                        String reply = line(c.in);
                        if ("STORED".equals(reply)) {
                            acked.add(key);
                            break;
                        }
                        throw new IOException("reply " + reply);
                    } catch (IOException e) {
                        close(server);
                        retries++;
                        if (attempt >= 200) {
                            throw new IOException("could not write " + key + " after 200 attempts: " + e.getMessage(), e);
                        }
                        Thread.sleep(50);
                    }
                }
            }
        } catch (Exception e) {
            error = e.toString();
        } finally {
            for (String s : new ArrayList<>(conns.keySet())) {
                close(s);
            }
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

    int retries() {
        return retries;
    }

    String error() {
        return error;
    }

    void awaitAcked(int n, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (acked.size() < n && error == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (acked.size() < n) {
            throw new AssertionError("only " + acked.size() + " of " + n + " writes acknowledged (error " + error + ")");
        }
    }

    /** The keys that their owner on {@code ring} does not return with their value. */
    static List<String> missing(KetamaRing ring, List<String> keys) throws IOException {
        Map<String, List<String>> byServer = new HashMap<>();
        for (String k : keys) {
            byServer.computeIfAbsent(ring.owner(k), s -> new ArrayList<>()).add(k);
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : byServer.entrySet()) {
            missing.addAll(MemcachedWriter.missing(Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf(':') + 1)),
                    e.getValue()));
        }
        return missing;
    }

    private Conn conn(String server) throws IOException {
        Conn c = conns.get(server);
        if (c == null) {
            int colon = server.lastIndexOf(':');
            Socket s = new Socket(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)));
            s.setSoTimeout(30_000);
            c = new Conn(s, new BufferedOutputStream(s.getOutputStream()), new BufferedInputStream(s.getInputStream()));
            conns.put(server, c);
        }
        return c;
    }

    private void close(String server) {
        Conn c = conns.remove(server);
        if (c != null) {
            try {
                c.socket.close();
            } catch (IOException ignored) {
                // gone anyway
            }
        }
    }

    private record Conn(Socket socket, OutputStream out, InputStream in) {
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
