package org.mlos.bench.scale;

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
 * A memcached writer that places each key on the cluster's ketama ring, as a ketama client with
 * the cluster's server list does, re-reading the ring every 100 ms; it remembers the keys a
 * server acknowledged and retries a write whose server went away on the ring's owner.
 */
final class RingWriter implements Runnable {

    private final Callable<String> ringSource;
    private final String prefix;
    private final byte[] value;
    private final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Conn> conns = new HashMap<>();
    private volatile boolean stopped;
    private volatile String error;
    private KetamaRing ring;
    private long ringAt;

    RingWriter(Callable<String> ringSource, String prefix, int valueBytes) {
        this.ringSource = ringSource;
        this.prefix = prefix;
        this.value = new byte[valueBytes];
        Arrays.fill(value, (byte) 'v');
    }

    static KetamaRing ring(String answer) {
        String list = answer.trim().substring("ring=".length()).trim();
        return KetamaRing.of(list.isEmpty() ? List.of() : Arrays.asList(list.split(" ")));
    }

    @Override
    public void run() {
        try {
            for (int i = 0; !stopped; i++) {
                String key = prefix + i;
                for (int attempt = 0;; attempt++) {
                    if (ring == null || attempt > 0 || System.nanoTime() - ringAt > 100_000_000L) {
                        ring = ring(ringSource.call());
                        ringAt = System.nanoTime();
                    }
                    String server = ring.owner(key);
                    try {
                        Conn c = conn(server);
                        // one buffered write per request: three small writes would wait on Nagle and delayed ACKs
                        c.out.write(("set " + key + " 0 0 " + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        c.out.write(value);
                        c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        c.out.flush();
                        if (!"STORED".equals(line(c.in))) {
                            throw new IOException("not stored");
                        }
                        acked.add(key);
                        break;
                    } catch (IOException e) {
                        Conn gone = conns.remove(server);
                        if (gone != null) {
                            gone.socket.close();
                        }
                        if (attempt >= 200) {
                            throw e;
                        }
                        Thread.sleep(50);
                    }
                }
            }
        } catch (Exception e) {
            error = e.toString();
        } finally {
            for (Conn c : conns.values()) {
                try {
                    c.socket.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    void stop() {
        stopped = true;
    }

    String error() {
        return error;
    }

    List<String> acked() {
        synchronized (acked) {
            return new ArrayList<>(acked);
        }
    }

    void awaitAcked(int n) throws InterruptedException {
        while (acked.size() < n && error == null) {
            Thread.sleep(20);
        }
        if (error != null) {
            throw new IllegalStateException("the writer failed: " + error);
        }
    }

    /** How many of {@code keys} their owner on {@code ring} does not return with the value written. */
    int missing(KetamaRing ring, List<String> keys) throws IOException {
        Map<String, List<String>> byServer = new HashMap<>();
        for (String k : keys) {
            byServer.computeIfAbsent(ring.owner(k), x -> new ArrayList<>()).add(k);
        }
        int missing = 0;
        for (Map.Entry<String, List<String>> e : byServer.entrySet()) {
            String server = e.getKey();
            try (Socket s = new Socket(server.substring(0, server.lastIndexOf(':')),
                    Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)))) {
                OutputStream out = new BufferedOutputStream(s.getOutputStream());
                InputStream in = new BufferedInputStream(s.getInputStream());
                s.setTcpNoDelay(true);
                for (String k : e.getValue()) {
                    out.write(("get " + k + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String l = line(in);
                    if (l != null && l.startsWith("VALUE ")) {
                        byte[] data = line(in).getBytes(StandardCharsets.US_ASCII);
                        line(in); // END
                        if (!Arrays.equals(data, value)) {
                            missing++;
                        }
                    } else {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    private record Conn(Socket socket, OutputStream out, InputStream in) {
    }

    private Conn conn(String server) throws IOException {
        Conn c = conns.get(server);
        if (c == null) {
            Socket s = new Socket(server.substring(0, server.lastIndexOf(':')),
                    Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
            s.setSoTimeout(30_000);
            s.setTcpNoDelay(true);
            c = new Conn(s, new BufferedOutputStream(s.getOutputStream()), new BufferedInputStream(s.getInputStream()));
            conns.put(server, c);
        }
        return c;
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
