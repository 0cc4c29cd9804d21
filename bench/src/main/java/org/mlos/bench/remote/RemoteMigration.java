package org.mlos.bench.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.mlos.bench.BenchLine;
import org.mlos.cluster.remote.transport.Peer;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.slab.SlabStore;

/**
 * A store of {@code entries} items moves to the other node and back, each as one live kernel
 * swap, while two callers overwrite their own keys with increasing numbers and read them back:
 * the stall is the latency of the callers' calls that overlap a swap (p99 over both moves), and
 * a lost write is a key whose final number is older than the last one acknowledged.
 */
final class RemoteMigration {

    private static final int CALLERS = 2;
    private static final int KEYS_PER_CALLER = 1000;
    private static final int MAX_SAMPLES = 4_000_000;

    private final RemoteClient client;
    private final Peer peer;
    private final int entries;
    private final String dispatch;

    RemoteMigration(RemoteClient client, Peer peer, int entries, String dispatch) {
        this.client = client;
        this.peer = peer;
        this.entries = entries;
        this.dispatch = dispatch;
    }

    private static byte[] number(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    void run() throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore store = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "slab", new SlabStore(1L << 30), 0);
        kernel.install(KeyValueStore.class, "heap@" + peer.node(), client.bind(KeyValueStore.class, "heap", peer), -1);
        byte[] value = new byte[100];
        for (int i = 0; i < entries; i++) {
            store.set("e" + i, value, 0, KeyValueStore.NEVER);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger[] acked = new AtomicInteger[CALLERS];
        long[][] starts = new long[CALLERS][MAX_SAMPLES];
        long[][] lengths = new long[CALLERS][MAX_SAMPLES];
        int[] samples = new int[CALLERS];
        Thread[] callers = new Thread[CALLERS];
        for (int c = 0; c < CALLERS; c++) {
            int me = c;
            acked[c] = new AtomicInteger();
            callers[c] = new Thread(() -> {
                for (int n = 1; !stop.get() && n < MAX_SAMPLES; n++) {
                    String key = "c" + me + "-" + (n % KEYS_PER_CALLER);
                    long t0 = System.nanoTime();
                    store.set(key, number(n), 0, KeyValueStore.NEVER);
                    long t1 = System.nanoTime();
                    acked[me].set(n);
                    starts[me][n] = t0;
                    lengths[me][n] = t1 - t0;
                    samples[me] = n;
                    store.get(key);
                }
            }, "migrate-caller-" + c);
            callers[c].start();
        }
        awaitEach(acked, 2000);
        GcPauses gc = new GcPauses();
        long thereStart = System.nanoTime();
        SwapReport there = kernel.swap("KeyValueStore", "heap@" + peer.node());
        long thereEnd = System.nanoTime();
        Thread.sleep(100); // the collector's notifications arrive shortly after its pauses
        long[] thereGc = gc.take();
        awaitEach(acked, 2000);
        gc.take();
        long backStart = System.nanoTime();
        SwapReport back = kernel.swap("KeyValueStore", "slab");
        long backEnd = System.nanoTime();
        Thread.sleep(100);
        long[] backGc = gc.take();
        gc.close();
        awaitEach(acked, 2000);
        stop.set(true);
        for (Thread t : callers) {
            t.join();
        }
        long lost = 0;
        for (int c = 0; c < CALLERS; c++) {
            int last = acked[c].get();
            for (int n = Math.max(1, last - KEYS_PER_CALLER + 1); n <= last; n++) {
                StoreEntry e = store.get("c" + c + "-" + (n % KEYS_PER_CALLER));
                if (e == null || !Arrays.equals(number(n), e.value())) {
                    lost++;
                }
            }
        }
        for (int i = 0; i < entries; i++) {
            if (store.get("e" + i) == null) {
                lost++;
            }
        }
        long[] stalls = new long[CALLERS * MAX_SAMPLES];
        long[] outside = new long[CALLERS * MAX_SAMPLES];
        int k = 0;
        int o = 0;
        long thereMax = 0;
        long backMax = 0;
        long thereMaxAt = 0;
        long backMaxAt = 0;
        for (int c = 0; c < CALLERS; c++) {
            for (int n = 1; n <= samples[c]; n++) {
                long s = starts[c][n];
                long e = s + lengths[c][n];
                boolean inThere = e >= thereStart && s <= thereEnd;
                boolean inBack = e >= backStart && s <= backEnd;
                if (inThere || inBack) {
                    stalls[k++] = lengths[c][n];
                } else {
                    outside[o++] = lengths[c][n];
                }
                if (inThere && lengths[c][n] > thereMax) {
                    thereMax = lengths[c][n];
                    thereMaxAt = s - thereStart;
                }
                if (inBack && lengths[c][n] > backMax) {
                    backMax = lengths[c][n];
                    backMaxAt = s - backStart;
                }
            }
        }
        long[] during = Arrays.copyOf(stalls, k);
        Arrays.sort(during);
        double p99 = k == 0 ? 0 : during[Math.min(k - 1, (int) (k * 0.99))] / 1000.0;
        double max = k == 0 ? 0 : during[k - 1] / 1000.0;
        boolean ok = there.outcome() == SwapOutcome.COMPLETED && back.outcome() == SwapOutcome.COMPLETED;
        BenchLine.of("remote migrate").with("host_dispatch", dispatch).with("entries", entries).with("stall_p99_us", p99).with("stall_max_us", max)
                .with("lost", lost).with("there_pause_us", there.pauseMicros()).with("there_total_ms", there.totalMicros() / 1000)
                .with("back_pause_us", back.pauseMicros()).with("back_total_ms", back.totalMicros() / 1000)
                .with("calls_during_swaps", k).with("outcome", ok ? "COMPLETED" : there.outcome() + "/" + back.outcome())
                .print();
        // Where the worst stall of each move was, and what the collector took meanwhile: the
        // evidence for what the stall is made of.
        long[] calm = Arrays.copyOf(outside, o);
        Arrays.sort(calm);
        // The same callers' calls outside both moves: a stall that is as long there is the
        // machine's (scheduling, GC), not the move's.
        BenchLine.of("remote migrate detail").with("host_dispatch", dispatch)
                .with("outside_calls", o).with("outside_p99_us", o == 0 ? 0 : calm[Math.min(o - 1, (int) (o * 0.99))] / 1000.0)
                .with("outside_max_us", o == 0 ? 0 : calm[o - 1] / 1000.0)
                .with("there_stall_max_us", thereMax / 1000.0).with("there_stall_max_at_ms", thereMaxAt / 1_000_000)
                .with("there_gc_pauses", thereGc[0]).with("there_gc_pause_ms", thereGc[1]).with("there_gc_pause_max_ms", thereGc[2])
                .with("there_drain_us", there.drainMicros())
                .with("back_stall_max_us", backMax / 1000.0).with("back_stall_max_at_ms", backMaxAt / 1_000_000)
                .with("back_gc_pauses", backGc[0]).with("back_gc_pause_ms", backGc[1]).with("back_gc_pause_max_ms", backGc[2])
                .with("back_drain_us", back.drainMicros()).print();
        if (!ok) {
            System.out.println(there.toLine());
            System.out.println(back.toLine());
        }
    }

    private static void awaitEach(AtomicInteger[] acked, int more) throws InterruptedException {
        int[] from = new int[acked.length];
        for (int t = 0; t < acked.length; t++) {
            from[t] = acked[t].get();
        }
        for (int t = 0; t < acked.length; t++) {
            while (acked[t].get() < from[t] + more) {
                Thread.sleep(1);
            }
        }
    }
}
