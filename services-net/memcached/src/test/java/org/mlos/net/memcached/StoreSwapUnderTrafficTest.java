package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.mem.api.KeyValueStore;

import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.rubyeye.xmemcached.utils.AddrUtil;

/**
 * The store is swapped heap → slab → log → heap, twice, while clients of both protocols keep
 * setting and reading back their own keys: no client sees an error or a stale value, and every key
 * holds its last value at the end.
 */
@Timeout(180)
class StoreSwapUnderTrafficTest {

    static final int CLIENTS = 4;
    static final int KEYS_PER_CLIENT = 2_000;

    @Test
    void swapsLoseNothingAndNoClientSeesAnError() throws Exception {
        try (CacheServer server = new CacheServer()) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong operations = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<long[]>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int id = c;
                clients.add(pool.submit(() -> load(server.port(), id, running, operations)));
            }
            List<SwapReport> reports = new ArrayList<>();
            String[] order = { "slab", "log", "heap", "slab", "log", "heap" };
            for (String next : order) {
                long before = operations.get();
                while (operations.get() < before + 5_000) {
                    Thread.sleep(5);
                }
                reports.add(server.kernel.swap(KeyValueStore.class.getName(), next));
            }
            running.set(false);
            pool.shutdown();
            for (SwapReport r : reports) {
                assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            }
            for (int c = 0; c < CLIENTS; c++) {
                long[] lastValues = clients.get(c).get();
                try (TextClient check = new TextClient(server.port())) {
                    for (int k = 0; k < KEYS_PER_CLIENT; k++) {
                        if (lastValues[k] >= 0) {
                            assertEquals(List.of("VALUE c" + c + ":" + k + " 0 " + String.valueOf(lastValues[k]).length(),
                                    String.valueOf(lastValues[k])), check.send("get c" + c + ":" + k + "\r\n").untilEnd(),
                                    "key c" + c + ":" + k + " after " + reports.size() + " swaps");
                        }
                    }
                }
            }
            assertTrue(operations.get() > 6 * 5_000, "traffic ran through every swap: " + operations.get());
        }
    }

    /**
     * Sets its keys round-robin with increasing values and reads each back at once; even clients
     * speak text on a raw socket, odd ones binary through xmemcached.
     *
     * @return the last value written per key (-1 if never written)
     */
    private static long[] load(int port, int client, AtomicBoolean running, AtomicLong operations) throws Exception {
        long[] last = new long[KEYS_PER_CLIENT];
        java.util.Arrays.fill(last, -1);
        long value = 0;
        MemcachedClient binary = null;
        TextClient text = null;
        if (client % 2 == 1) {
            XMemcachedClientBuilder b = new XMemcachedClientBuilder(AddrUtil.getAddresses("127.0.0.1:" + port));
            b.setCommandFactory(new BinaryCommandFactory());
            b.setConnectionPoolSize(1);
            b.setOpTimeout(10_000);
            binary = b.build();
        } else {
            text = new TextClient(port);
        }
        try {
            while (running.get()) {
                int k = (int) (value % KEYS_PER_CLIENT);
                String key = "c" + client + ":" + k;
                String v = String.valueOf(value);
                if (binary != null) {
                    assertTrue(binary.set(key, 0, v), "set " + key);
                    last[k] = value;
                    assertEquals(v, binary.get(key), "read back " + key);
                } else {
                    assertEquals("STORED", text.send("set " + key + " 0 0 " + v.length() + "\r\n" + v + "\r\n").line());
                    last[k] = value;
                    assertEquals(List.of("VALUE " + key + " 0 " + v.length(), v),
                            text.send("get " + key + "\r\n").untilEnd(), "read back " + key);
                }
                operations.addAndGet(2);
                value++;
            }
        } finally {
            if (binary != null) {
                binary.shutdown();
            } else {
                text.close();
            }
        }
        return last;
    }
}
