package org.mlos.bench.memcached;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A load generator for memcached's meta protocol, which memaslap does not speak: several
 * connections, each with a thread of its own, each sending its requests in pipelined batches
 * ({@code mg <key> v} and {@code ms <key> <n>} with a fixed-size value) and checking every reply.
 * A request's latency runs from the write of its batch to the parse of its reply.
 */
final class MetaLoad {

    /** Latency buckets of one microsecond each; the last counts everything slower. */
    static final int BUCKETS = 100_000;

    /** Figures of one run, or of several merged. */
    record Result(long operations, double seconds, long[] histogram, long hits) {

        Result(long operations, double seconds, long[] histogram) {
            this(operations, seconds, histogram, 0);
        }

        static Result none() {
            return new Result(0, 0, new long[BUCKETS + 1]);
        }

        double opsPerSecond() {
            return operations / seconds;
        }

        /** The latency in microseconds below which {@code q} of the requests fall (to the microsecond). */
        double percentileMicros(double q) {
            long total = 0;
            for (long c : histogram) {
                total += c;
            }
            if (total == 0) {
                return Double.NaN;
            }
            long target = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < histogram.length; i++) {
                seen += histogram[i];
                if (seen >= target) {
                    return i + 1; // bucket i holds [i, i+1) us
                }
            }
            return histogram.length;
        }

        Result plus(Result other) {
            long[] sum = histogram.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.histogram[i];
            }
            return new Result(operations + other.operations, seconds + other.seconds, sum, hits + other.hits);
        }
    }

    private final int keys;
    private final int keyBytes;
    private final int valueBytes;
    private final double getRatio;
    private final int depth;
    /** TLS on every connection of {@link #prefill} and {@link #run}, or null. */
    private final javax.net.ssl.SSLContext tls;

    /**
     * @param keys       distinct keys the load draws from (uniformly)
     * @param keyBytes   length of every key
     * @param valueBytes length of every value set
     * @param getRatio   share of {@code mg} requests, the rest {@code ms}
     * @param depth      requests per pipelined batch
     */
    MetaLoad(int keys, int keyBytes, int valueBytes, double getRatio, int depth) {
        this(keys, keyBytes, valueBytes, getRatio, depth, null);
    }

    /** As above, over TLS connections made by {@code tls} (null: plain). */
    MetaLoad(int keys, int keyBytes, int valueBytes, double getRatio, int depth, javax.net.ssl.SSLContext tls) {
        if (keys < 1 || keyBytes < 8 || keyBytes > 250 || valueBytes < 0 || depth < 1 || getRatio < 0 || getRatio > 1) {
            throw new IllegalArgumentException("meta load: keys >= 1, key bytes 8..250, value bytes >= 0, depth >= 1,"
                    + " get ratio 0..1; got keys=" + keys + " keyBytes=" + keyBytes + " valueBytes=" + valueBytes
                    + " depth=" + depth + " getRatio=" + getRatio);
        }
        this.keys = keys;
        this.keyBytes = keyBytes;
        this.valueBytes = valueBytes;
        this.getRatio = getRatio;
        this.depth = depth;
        this.tls = tls;
    }

    /** Key number {@code n}, zero-padded to the key length. */
    static byte[] key(String prefix, long n, int keyBytes) {
        String digits = Long.toString(n);
        StringBuilder b = new StringBuilder(keyBytes).append(prefix);
        while (b.length() + digits.length() < keyBytes) {
            b.append('0');
        }
        return b.append(digits).toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Stores {@code count} items (keys {@code prefix}0…) over one connection, quietly, pipelined;
     * returns the items stored: those the server refused for want of memory ({@code SERVER_ERROR
     * out of memory}, which memcached 1.6 answered now and then to a fast fill past its limit, its
     * hash table growing meanwhile) are not; any other reply is an error.
     */
    static long fill(int port, String prefix, long count, int keyBytes, int valueBytes) throws IOException {
        return fill(new Conn(port, null), prefix, count, keyBytes, valueBytes, 500);
    }

    private static long fill(Conn conn, String prefix, long count, int keyBytes, int valueBytes, int batchMax)
            throws IOException {
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, (byte) 'v');
        try (Conn c = conn) {
            long n = 0;
            long refused = 0;
            while (n < count) {
                int batch = (int) Math.min(batchMax, count - n);
                for (int i = 0; i < batch; i++) {
                    c.out(("ms ").getBytes(StandardCharsets.US_ASCII));
                    c.out(key(prefix, n + i, keyBytes));
                    c.out((" " + valueBytes + " q\r\n").getBytes(StandardCharsets.US_ASCII));
                    c.out(value);
                    c.out(Conn.CRLF);
                }
                c.out("mn\r\n".getBytes(StandardCharsets.US_ASCII));
                c.flush();
                for (String reply = c.line(); !reply.equals("MN"); reply = c.line()) {
                    if (!reply.startsWith("SERVER_ERROR out of memory")) {
                        throw new IOException("a quiet ms was answered '" + reply + "' (expected only MN after the batch)");
                    }
                    refused++;
                }
                n += batch;
            }
            return n - refused;
        }
    }

    /** What {@link #fillUntilEvicting} stored, and the server's evictions and memory limit after it. */
    record Filled(long stored, long evictions, long limitBytes) {
    }

    /**
     * Stores items until the server evicts (its {@code evictions} above 0), in batches of a
     * thousandth of its {@code limit_maxbytes} (at least 10,000 items); refused, saying so, once it
     * was sent four times the items its limit holds and evicted none.
     */
    static Filled fillUntilEvicting(int port, int keyBytes, int valueBytes) throws IOException {
        long limit = stat(port, "limit_maxbytes");
        long batch = Math.max(10_000, limit / 1_000);
        long sent = 0;
        long stored = 0;
        long evictions;
        while ((evictions = stat(port, "evictions")) == 0) {
            if (sent > 4 * limit / valueBytes) {
                throw new IOException("the server on port " + port + " was sent " + sent + " items of " + valueBytes
                        + " bytes, stored " + stored + " and evicted none (limit_maxbytes " + limit
                        + "): it does not bound its memory by evicting");
            }
            stored += fill(port, "full" + sent + ":", batch, keyBytes, valueBytes);
            sent += batch;
        }
        return new Filled(stored, evictions, limit);
    }

    /** Sets every key once, so that the gets of {@link #run} hit. */
    void prefill(int port) throws IOException {
        // memcached 1.6.18 -Z stalls on a write of ~300 quiet sets: its TLS read leaves records
        // it has not served in OpenSSL's buffer and waits for the socket to be readable again
        fill(new Conn(port, tls), "meta:", keys, keyBytes, valueBytes, tls == null ? 500 : 100);
    }

    /** Drives the server with {@code connections} connections for {@code seconds}. */
    Result run(int port, int connections, double seconds) throws IOException, InterruptedException {
        return run(port, connections, seconds, Long.MAX_VALUE);
    }

    /** Drives the server until each connection has sent {@code batches} batches (or {@code seconds} passed). */
    Result run(int port, int connections, double seconds, long batches) throws IOException, InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            workers.add(new Worker(new Conn(port, tls), stop, i, batches));
        }
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            threads.add(Thread.ofPlatform().name("meta-load-" + threads.size()).start(w));
        }
        long deadline = t0 + (long) (seconds * 1e9);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
            if (t.isAlive()) {
                stop.set(true);
            }
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Result r = new Result(0, elapsed, new long[BUCKETS + 1]);
        long ops = 0;
        long hits = 0;
        for (Worker w : workers) {
            w.conn.close();
            if (w.failure != null) {
                throw new IOException("meta load failed on a connection: " + w.failure.getMessage(), w.failure);
            }
            ops += w.ops;
            hits += w.hits;
            r = r.plus(new Result(0, 0, w.histogram));
        }
        return new Result(ops, elapsed, r.histogram(), hits);
    }

    /** One connection's loop: a batch of {@code depth} requests, then their replies, until told to stop. */
    private final class Worker implements Runnable {
        final Conn conn;
        final AtomicBoolean stop;
        final SplittableRandom rnd;
        final long[] histogram = new long[BUCKETS + 1];
        final byte[][] keyTable;
        final byte[] value = new byte[valueBytes];
        final byte[] setTail = (" " + valueBytes + "\r\n").getBytes(StandardCharsets.US_ASCII);
        final boolean[] isGet = new boolean[depth];
        final long batches;
        long ops;
        long hits;
        volatile Exception failure;

        Worker(Conn conn, AtomicBoolean stop, int seed, long batches) {
            this.batches = batches;
            this.conn = conn;
            this.stop = stop;
            this.rnd = new SplittableRandom(0x5eed + seed);
            this.keyTable = new byte[keys][];
            for (int k = 0; k < keys; k++) {
                keyTable[k] = key("meta:", k, keyBytes);
            }
            java.util.Arrays.fill(value, (byte) 'x');
        }

        @Override
        public void run() {
            try {
                for (long b = 0; b < batches && !stop.get(); b++) {
                    for (int i = 0; i < depth; i++) {
                        byte[] k = keyTable[rnd.nextInt(keys)];
                        isGet[i] = rnd.nextDouble() < getRatio;
                        if (isGet[i]) {
                            conn.out(MG);
                            conn.out(k);
                            conn.out(GET_TAIL);
                        } else {
                            conn.out(MS);
                            conn.out(k);
                            conn.out(setTail);
                            conn.out(value);
                            conn.out(Conn.CRLF);
                        }
                    }
                    long sent = System.nanoTime();
                    conn.flush();
                    for (int i = 0; i < depth; i++) {
                        String reply = conn.line();
                        if (isGet[i]) {
                            if (reply.startsWith("VA ")) {
                                hits++;
                                conn.skip(Integer.parseInt(reply.substring(3).split(" ")[0]) + 2);
                            } else if (!reply.equals("EN")) {
                                throw new IOException("mg answered '" + reply + "'");
                            }
                        } else if (!reply.equals("HD")) {
                            throw new IOException("ms answered '" + reply + "'");
                        }
                        long us = (System.nanoTime() - sent) / 1000;
                        histogram[(int) Math.min(BUCKETS, us)]++;
                    }
                    ops += depth;
                }
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    private static final byte[] MG = "mg ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MS = "ms ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET_TAIL = " v\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A blocking connection with a write buffer and a line reader; over TLS, through the JDK's client. */
    static final class Conn implements AutoCloseable {
        static final byte[] CRLF = { '\r', '\n' };
        private final SocketChannel ch;
        private final javax.net.ssl.SSLSocket tls;
        private final ByteBuffer out;
        private final ByteBuffer in;

        Conn(int port, javax.net.ssl.SSLContext context) throws IOException {
            if (context == null) {
                ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                ch.socket().setTcpNoDelay(true);
                tls = null;
                out = ByteBuffer.allocateDirect(1 << 20);
                in = ByteBuffer.allocateDirect(1 << 20);
            } else {
                ch = null;
                tls = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
                tls.setTcpNoDelay(true);
                tls.startHandshake();
                out = ByteBuffer.allocate(1 << 20); // the streams take arrays
                in = ByteBuffer.allocate(1 << 20);
            }
            in.flip();
        }

        void out(byte[] b) throws IOException {
            if (out.remaining() < b.length) {
                flush();
            }
            out.put(b);
        }

        void flush() throws IOException {
            out.flip();
            if (tls != null) {
                tls.getOutputStream().write(out.array(), 0, out.limit());
                tls.getOutputStream().flush();
            }
            while (tls == null && out.hasRemaining()) {
                ch.write(out);
            }
            out.clear();
        }

        private void fill() throws IOException {
            in.compact();
            int n;
            if (tls != null) {
                n = tls.getInputStream().read(in.array(), in.position(), in.remaining());
                if (n > 0) {
                    in.position(in.position() + n);
                }
            } else {
                n = ch.read(in);
            }
            in.flip();
            if (n < 0) {
                throw new IOException("the server closed the connection");
            }
        }

        /** The next line, without its CR LF. */
        String line() throws IOException {
            while (true) {
                for (int i = in.position(); i + 1 < in.limit(); i++) {
                    if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                        byte[] b = new byte[i - in.position()];
                        in.get(b);
                        in.position(in.position() + 2);
                        return new String(b, StandardCharsets.US_ASCII);
                    }
                }
                if (in.position() == 0 && in.limit() == in.capacity()) {
                    throw new IOException("a reply line longer than " + in.capacity() + " bytes");
                }
                fill();
            }
        }

        void skip(int n) throws IOException {
            while (n > 0) {
                if (!in.hasRemaining()) {
                    fill();
                }
                int step = Math.min(n, in.remaining());
                in.position(in.position() + step);
                n -= step;
            }
        }

        /** Sends a command and returns the reply lines up to and including {@code END}. */
        List<String> request(String command) throws IOException {
            out(command.getBytes(StandardCharsets.US_ASCII));
            out(CRLF);
            flush();
            List<String> lines = new ArrayList<>();
            String l;
            while (!(l = line()).equals("END")) {
                lines.add(l);
            }
            return lines;
        }

        @Override
        public void close() throws IOException {
            if (tls != null) {
                tls.close();
            } else {
                ch.close();
            }
        }
    }

    /** {@code curr_items} from the server's {@code stats}. */
    static long currentItems(int port) throws IOException {
        return stat(port, "curr_items");
    }

    /** One figure of the server's {@code stats}. */
    static long stat(int port, String name) throws IOException {
        String prefix = "STAT " + name + " ";
        try (Conn c = new Conn(port, null)) {
            for (String l : c.request("stats")) {
                if (l.startsWith(prefix)) {
                    return Long.parseLong(l.substring(prefix.length()).trim());
                }
            }
        }
        throw new IOException("stats printed no " + name);
    }
}
