package org.mlos.bench.cluster;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import org.mlos.bench.BenchLine;
import org.mlos.cluster.store.HazelcastStore;
import org.mlos.mem.api.KeyValueStore;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * The distributed store's value encryption: set and get of 1 KB values on a one-member cluster in
 * this JVM (no network, so the cipher's share is as large as it gets), plain and encrypted, runs
 * alternating, medians.
 */
final class StoreCipherBench {

    private static final int OPS = 20_000;
    private static final int RUNS = 5;
    private static final byte[] VALUE = new byte[1024];

    private StoreCipherBench() {
    }

    static void run() {
        Config c = new Config().setClusterName("bench-store-" + UUID.randomUUID());
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.logging.type", "none");
        c.getNetworkConfig().setPort(16781).setPortAutoIncrement(true).setPortCount(20);
        c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        c.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        c.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        c.getJetConfig().setEnabled(false);
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(c);
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            new SecureRandom().nextBytes(VALUE);
            KeyValueStore plain = new HazelcastStore(hz, "plain", 512L << 20);
            KeyValueStore sealed = new HazelcastStore(hz, "sealed", 512L << 20, key);
            double[] plainPut = new double[RUNS], plainGet = new double[RUNS], put = new double[RUNS], get = new double[RUNS];
            round(plain, new double[1], new double[1], 0); // warm-up
            round(sealed, new double[1], new double[1], 0);
            for (int r = 0; r < RUNS; r++) {
                round(plain, plainPut, plainGet, r);
                round(sealed, put, get, r);
            }
            double pp = median(plainPut), pg = median(plainGet), sp = median(put), sg = median(get);
            BenchLine.of("cluster").with("store_encryption", "off").with("put_us", pp).with("get_us", pg).print();
            BenchLine.of("cluster").with("store_encryption", "on").with("put_us", sp).with("get_us", sg)
                    .with("overhead_ratio", (sp + sg) / (pp + pg)).with("value_bytes", VALUE.length).print();
        } finally {
            hz.shutdown();
        }
    }

    private static void round(KeyValueStore store, double[] putUs, double[] getUs, int r) {
        long start = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            store.set("k" + i, VALUE, 0, 0);
        }
        putUs[r] = (System.nanoTime() - start) / 1000.0 / OPS;
        start = System.nanoTime();
        for (int i = 0; i < OPS; i++) {
            if (store.get("k" + i) == null) {
                throw new IllegalStateException("lost k" + i);
            }
        }
        getUs[r] = (System.nanoTime() - start) / 1000.0 / OPS;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
