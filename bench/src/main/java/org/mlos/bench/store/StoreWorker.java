package org.mlos.bench.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The JVM of one subject of {@link StoreBench} (as JMH forks one per benchmark): it builds the map
 * or store, fills it with every key, prints {@code ready}, then runs what the bench asks on its
 * standard input, one command a line, answering on standard output:
 * <ul>
 * <li>{@code run <get percent> read|get <warm-up seconds> <seconds>}: the mix in the bench's
 * threads, answered {@code ops <ops per second> <checksum> <CPU ns per op>};</li>
 * <li>{@code quit}.</li>
 * </ul>
 * Arguments: {@code <subject> <keys> <value bytes> <threads> [decoded]}; with {@code decoded}, every
 * get and set takes its key as a String decoded afresh from the key's bytes, as the memcached
 * server hands a store the key it parsed off a request.
 */
public final class StoreWorker {

    static final String DECODED_KEYS = "decoded";

    private final StoreSubject subject;
    private final String[] names;
    /** The keys' bytes, when every load decodes its key afresh; else null. */
    private final byte[][] encoded;
    private final byte[] value;
    private final int threads;
    private volatile boolean counting;
    private volatile boolean stop;

    private StoreWorker(StoreSubject subject, int keys, int valueSize, int threads, boolean decodedKeys) {
        this.subject = subject;
        this.names = StoreBench.keyNames(keys);
        this.encoded = decodedKeys ? new byte[keys][] : null;
        for (int i = 0; decodedKeys && i < keys; i++) {
            encoded[i] = names[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        this.value = new byte[valueSize];
        for (int i = 0; i < valueSize; i++) {
            value[i] = (byte) i;
        }
        this.threads = threads;
        for (String k : names) {
            subject.set(k, value);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && !(args.length == 5 && args[4].equals(DECODED_KEYS))) {
            throw new IllegalArgumentException("StoreWorker takes <subject> <keys> <value bytes> <threads> [" + DECODED_KEYS
                    + "], got " + List.of(args));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        StoreWorker w = new StoreWorker(StoreSubject.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), args.length == 5);
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null;) {
            String[] cmd = line.trim().split(" ");
            if (cmd[0].equals("quit")) {
                break;
            }
            if (!cmd[0].equals("run") || cmd.length != 5) {
                throw new IllegalArgumentException("StoreWorker: unknown command '" + line + "'");
            }
            long[] checksum = new long[3];
            double ops = w.run(Integer.parseInt(cmd[1]), cmd[2].equals("get"), Double.parseDouble(cmd[3]),
                    Double.parseDouble(cmd[4]), checksum);
            out.println("ops " + ops + " " + checksum[0] + " " + checksum[1] + " " + checksum[2]);
        }
        w.subject.close();
    }

    /** Operations per second of the mix over {@code seconds}, after {@code warmup} seconds not counted. */
    private double run(int getPercent, boolean copying, double warmup, double seconds, long[] checksum)
            throws InterruptedException {
        counting = false;
        stop = false;
        LongAdder ops = new LongAdder();
        LongAdder sums = new LongAdder();
        LongAdder cpu = new LongAdder();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> loop(getPercent, copying, ops, sums, cpu)));
        }
        Thread.sleep((long) (warmup * 1000));
        counting = true;
        long t0 = System.nanoTime();
        long jvm0 = jvmCpuNanos();
        Thread.sleep((long) (seconds * 1000));
        long jvm = jvmCpuNanos() - jvm0;
        stop = true;
        long elapsed = System.nanoTime() - t0;
        for (Thread t : all) {
            t.join();
        }
        checksum[0] = sums.sum();
        checksum[1] = ops.sum() == 0 ? 0 : cpu.sum() / ops.sum();
        // the whole JVM's CPU over the measured window, scaled to the operations in it
        checksum[2] = ops.sum() == 0 ? 0 : Math.round(jvm / (ops.sum() * (seconds * 1e9 / elapsed)));
        return ops.sum() / (elapsed / 1e9);
    }

    /**
     * The CPU time of the whole JVM: the load threads and what works for them elsewhere, the
     * collector, the compiler, and a cache's maintenance on another pool (Caffeine drains its
     * buffers and evicts on {@code ForkJoinPool.commonPool()}), which the load threads' own CPU
     * time leaves out.
     */
    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * One thread's load. Besides operations it counts its own CPU time while counting: on a
     * machine shared with other work, CPU time per operation swings far less than throughput.
     */
    private void loop(int getPercent, boolean copying, LongAdder ops, LongAdder sums, LongAdder cpu) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long cpu0 = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StoreSubject s = subject;
        String[] keys = names;
        byte[][] raw = encoded;
        byte[] v = value;
        StoreSubject.Touch touch = new StoreSubject.Touch();
        long n = 0;
        boolean counted = false;
        while (!stop) {
            int i = rnd.nextInt(keys.length);
            String k = raw == null ? keys[i] : new String(raw[i], StandardCharsets.ISO_8859_1);
            if (rnd.nextInt(100) < getPercent) {
                if (copying) {
                    s.copyingGet(k, touch);
                } else {
                    s.read(k, touch);
                }
            } else {
                s.set(k, v);
            }
            if (counting) {
                if (!counted) {
                    counted = true;
                    n = 0;
                    cpu0 = mx.getCurrentThreadCpuTime();
                }
                n++;
            }
        }
        if (counted) {
            cpu.add(mx.getCurrentThreadCpuTime() - cpu0);
        }
        ops.add(n);
        sums.add(touch.sum);
    }
}
