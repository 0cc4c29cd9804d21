package org.mlos.bench.memcached;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.mlos.bench.BenchLine;
import org.mlos.bench.MissingTool;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Our cache node against memcached 1.6 under the same load, taking turns in one run: 90% get /
 * 10% set, 32-byte keys, 100-byte values; text and binary protocols driven by memaslap, the meta
 * protocol by {@link MetaLoad}; then both filled with the same items and their resident memory
 * compared.
 */
@Command(name = "memcached", mixinStandardHelpOptions = true,
        description = "A cache node (--profile) against memcached (-t 2): ops/s and p50/p99 latency, text and binary "
                + "protocols under memaslap, the meta protocol under a pipelined load generator of our own, measured "
                + "taking turns in the same run and printed as a ratio; then RSS of both filled with the same items. "
                + "Needs memcaslap/memaslap and memcached (Debian: apt-get install libmemcached-tools memcached).")
public final class MemcachedBench implements Callable<Integer> {

    /** When a server's resident set is first read after its own fill: what an operator sees at once. */
    private static final long RSS_EARLY_MS = 2000;

    /**
     * Both servers' memory limit ({@code -m}), for every row. The throughput rows once gave our node
     * its default of 64 MB beside memcached's 1024: ours filled and evicted some 50 s into the
     * text load, memcached never did.
     */
    private static final int MEMORY_MB = 1024;

    /**
     * When it is read again, the figure the row's ratio takes: settled, as an operator's monitoring
     * sees a filled node. The JVM gives back the compiler's memory of the fill (its chunk pool is
     * emptied every 5 s, on a timer no flag changes) and the trimmed native heap only by then;
     * memcached's resident set does not move. The same moment for both.
     */
    private static final long RSS_SETTLED_MS = 10_000;

    @Option(names = "--seconds", defaultValue = "25", description = "measured seconds per server and protocol (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--rounds", defaultValue = "5", description = "the measured time is split into this many "
            + "rounds, alternating between the servers (each round the other goes first), so drift in the machine's"
            + " speed hits both alike (default ${DEFAULT-VALUE})")
    int rounds;

    /*
     * Long enough for our JVM's compilers to be done with the request paths before the rounds: a
     * fresh node given 8 s of text load had C2 spend 0.38 s of CPU in the next 8 s (0.47 us an
     * operation, on a core the load needed), 0.05 s in the 8 s after (2026-12-03). A cache node
     * serves for days: its steady state is what an operator meets.
     */
    @Option(names = "--warmup", defaultValue = "30", description = "unmeasured seconds of load on each server before "
            + "each protocol's rounds (default ${DEFAULT-VALUE})")
    int warmup;

    /*
     * One connection per memaslap thread by default: with two per thread a round drew one of two
     * regimes about 2x apart when it connected (the servers deal connections round-robin over
     * their threads; whether a client thread's two connections met one server thread or two
     * decided the server's kernel time per request), and a run's ratio was how many rounds of each
     * server drew the fast one. With one each, every round pairs alike (figures: bench/README.md).
     * memaslap gives each thread connections / threads, rounded down, so other counts must be
     * multiples of the threads.
     */
    @Option(names = "--connections", description = "memaslap connections, a multiple of --client-threads "
            + "(default: one per thread, which pairs client and server threads alike in every round)")
    Integer connections;

    @Option(names = "--meta-connections", defaultValue = "4", description = "meta load: connections, a thread each "
            + "(default ${DEFAULT-VALUE})")
    int metaConnections;

    @Option(names = "--client-threads", defaultValue = "2", description = "memaslap threads (default ${DEFAULT-VALUE})")
    int clientThreads;

    @Option(names = "--server-threads", defaultValue = "2", description = "memcached -t (default ${DEFAULT-VALUE})")
    int serverThreads;

    @Option(names = "--protocols", split = ",", defaultValue = "text,binary,meta", description = "text, binary, meta "
            + "and/or meta-tls (the meta load over TLS, both servers started with -Z and one certificate, then a row of"
            + " new TLS connections a second); none measures only the memory rows (default ${DEFAULT-VALUE})")
    List<String> protocols;

    @Option(names = "--meta-depth", defaultValue = "16", description = "meta load: requests per pipelined batch (default ${DEFAULT-VALUE})")
    int metaDepth;

    @Option(names = "--meta-keys", defaultValue = "100000", description = "meta load: keys, all set first (default ${DEFAULT-VALUE})")
    int metaKeys;

    @Option(names = "--rss-items", split = ",", defaultValue = "1000000,4000000", description = "items stored in fresh "
            + "servers (-m 1024) before their RSS is read, one row per count, and with two counts or more the memory an "
            + "item adds between the first and the last; 0 skips (default ${DEFAULT-VALUE})")
    List<Long> rssItems;

    @Option(names = "--rss-value", defaultValue = "100", description = "value bytes of those items (default ${DEFAULT-VALUE})")
    int rssValue;

    @Option(names = "--profile", defaultValue = "cache-standalone", description = "our node's profile: cache-standalone, "
            + "the cache node an operator puts in memcached's place on one machine, or cache, the same node as a cluster "
            + "member (Hazelcast beside it) (default ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--store", description = "store implementation of our node (default: the profile's)")
    String store;

    @Option(names = "--node-jvm", split = " ", description = "JVM options of our node, space-separated (e.g. "
            + "\"-XX:+UseG1GC\"); what they set wins over the node's sizing, as MLOS_JAVA_OPTS does for mlos run")
    List<String> nodeJvm = new ArrayList<>();

    @Option(names = "--set", description = "a framework property of our node, name=value, as mlos run --set takes it "
            + "(repeatable; e.g. mlos.memcached.stats.counters=shared)")
    List<String> nodeSet = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (protocols.equals(List.of("none"))) {
            protocols = List.of();
        }
        for (String p : protocols) {
            if (!p.equals("text") && !p.equals("binary") && !p.equals("meta") && !p.equals("meta-tls")) {
                throw new IllegalArgumentException("--protocols takes text, binary, meta and/or meta-tls (or none alone), not "
                        + p);
            }
        }
        if (connections == null) {
            connections = clientThreads;
        }
        if (clientThreads < 1 || connections < clientThreads || connections % clientThreads != 0) {
            throw new IllegalArgumentException("--connections " + connections + " with --client-threads "
                    + clientThreads + ": memaslap gives each thread connections / threads, rounded down; give a multiple of the"
                    + " threads (or leave --connections out: one per thread)");
        }
        Path work = Files.createTempDirectory("mlos-bench-memcached");
        try {
            Memaslap load = Memaslap.find(work, 0.9, 32, 100);
            String memcached = Tools.find("memcached");
            if (memcached == null) {
                throw new MissingTool("memcached not found: install it (sudo apt-get install -y memcached)");
            }
            if (!protocols.isEmpty()) {
                throughput(load, memcached, work);
                System.out.println("# p50/p99: memaslap's log2 latency histogram over all operations, interpolated"
                        + " geometrically inside the power-of-two bucket that holds the percentile.");
            }
            rss(memcached);
            return 0;
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private void throughput(Memaslap load, String memcached, Path work) throws Exception {
        try (Server ours = startOurs(List.of()); Server theirs = startMemcached(memcached, List.of())) {
            if (protocols.stream().anyMatch(p -> p.equals("text") || p.equals("binary") || p.equals("meta"))) {
                fillPastCapacity(ours);
                fillPastCapacity(theirs);
            }
            for (String protocol : protocols) {
                if (protocol.equals("meta")) {
                    meta(ours, theirs, new MetaLoad(metaKeys, 32, 100, 0.9, metaDepth), "meta");
                    continue;
                }
                if (protocol.equals("meta-tls")) {
                    BenchTls.CertFiles files = BenchTls.certificate(work);
                    List<String> z = List.of("-Z", "-o", "ssl_chain_cert=" + files.cert() + ",ssl_key=" + files.key());
                    try (Server oursTls = startOurs(z); Server theirsTls = startMemcached(memcached, z)) {
                        javax.net.ssl.SSLContext client = BenchTls.trusting(files.cert());
                        meta(oursTls, theirsTls, new MetaLoad(metaKeys, 32, 100, 0.9, metaDepth, client), "meta-tls");
                        handshakes(oursTls, theirsTls, client);
                    }
                    continue;
                }
                warm(ours, load, protocol);
                warm(theirs, load, protocol);
                Memaslap.Result o = Memaslap.NONE;
                Memaslap.Result m = Memaslap.NONE;
                // the servers' CPU over their rounds: ours, memcached's
                ProcessCpu.Times[] cpu = { ProcessCpu.NONE, ProcessCpu.NONE };
                int perRound = Math.max(1, seconds / Math.max(1, rounds));
                for (int r = 0; r < Math.max(1, rounds); r++) {
                    // who goes first alternates: on a shared machine the second of a pair often ran in other weather
                    if (r % 2 == 0) {
                        o = o.plus(measure(ours, load, protocol, perRound, cpu, 0));
                        m = m.plus(measure(theirs, load, protocol, perRound, cpu, 1));
                    } else {
                        m = m.plus(measure(theirs, load, protocol, perRound, cpu, 1));
                        o = o.plus(measure(ours, load, protocol, perRound, cpu, 0));
                    }
                }
                report(protocol, o, m, cpu);
            }
        }
    }

    private void report(String protocol, Memaslap.Result o, Memaslap.Result m, ProcessCpu.Times[] cpu) {
        BenchLine line = BenchLine.of("memcached").with("profile", profile).with("protocol", protocol)
                .with("ours_ops_s", Math.round(o.opsPerSecond())).with("memcached_ops_s", Math.round(m.opsPerSecond()))
                .with("ratio_vs_memcached", o.opsPerSecond() / m.opsPerSecond())
                .with("ours_p50_us", o.p50Micros()).with("memcached_p50_us", m.p50Micros())
                .with("ours_p99_us", o.p99Micros()).with("memcached_p99_us", m.p99Micros());
        cpuPerOperation(line, "ours_", "memcached_", cpu, o.operations(), m.operations()).print();
    }

    /**
     * Each server's CPU time per operation over its rounds, and memcached's over ours (above 1: ours
     * costs less): a server's own cost, which other work on the machine sways far less than
     * throughput. Then the user time alone ({@link ProcessCpu} says why).
     */
    private static BenchLine cpuPerOperation(BenchLine line, String ours, String theirs, ProcessCpu.Times[] cpu,
            long oursOps, long theirsOps) {
        if (oursOps == 0 || theirsOps == 0) {
            return line;
        }
        double o = cpu[0].total() / 1000.0 / oursOps;
        double m = cpu[1].total() / 1000.0 / theirsOps;
        return line.with(ours + "cpu_us_op", o).with(theirs + "cpu_us_op", m).with("cpu_ratio_vs_memcached", m / o)
                .with(ours + "user_us_op", cpu[0].userNanos() / 1000.0 / oursOps)
                .with(theirs + "user_us_op", cpu[1].userNanos() / 1000.0 / theirsOps);
    }

    /**
     * The meta row: both servers get the same keys set, then the same pipelined meta load, taking
     * turns round by round.
     */
    private void meta(Server ours, Server theirs, MetaLoad load, String row) throws Exception {
        load.prefill(ours.port());
        load.prefill(theirs.port());
        if (warmup > 0) {
            load.run(ours.port(), metaConnections, warmup);
            load.run(theirs.port(), metaConnections, warmup);
        }
        MetaLoad.Result o = MetaLoad.Result.none();
        MetaLoad.Result m = MetaLoad.Result.none();
        ProcessCpu.Times[] cpu = { ProcessCpu.NONE, ProcessCpu.NONE };
        double perRound = Math.max(1.0, (double) seconds / Math.max(1, rounds));
        for (int r = 0; r < Math.max(1, rounds); r++) {
            if (r % 2 == 0) {
                o = o.plus(metaRound(ours, load, perRound, cpu, 0, row));
                m = m.plus(metaRound(theirs, load, perRound, cpu, 1, row));
            } else {
                m = m.plus(metaRound(theirs, load, perRound, cpu, 1, row));
                o = o.plus(metaRound(ours, load, perRound, cpu, 0, row));
            }
        }
        BenchLine line = BenchLine.of("memcached").with("profile", profile).with("proto", row)
                .with("ops_s", Math.round(o.opsPerSecond())).with("memcached_ops_s", Math.round(m.opsPerSecond()))
                .with("ratio_vs_memcached", o.opsPerSecond() / m.opsPerSecond())
                .with("p50_us", o.percentileMicros(0.50)).with("memcached_p50_us", m.percentileMicros(0.50))
                .with("p99_us", o.percentileMicros(0.99)).with("memcached_p99_us", m.percentileMicros(0.99));
        cpuPerOperation(line, "", "memcached_", cpu, o.operations(), m.operations()).print();
        System.out.println("# " + row + ": " + metaConnections + " connections, a thread each, batches of " + metaDepth
                + " requests (90% mg <key> v, 10% ms <key> 100), " + metaKeys + " keys of 32 bytes; latency from"
                + " the batch's write to the reply's parse, 1 us buckets");
    }

    private MetaLoad.Result metaRound(Server server, MetaLoad load, double secs, ProcessCpu.Times[] cpu, int who,
            String row) throws Exception {
        ProcessCpu.Times cpu0 = ProcessCpu.times(server.pid());
        MetaLoad.Result r = load.run(server.port(), metaConnections, secs);
        cpu[who] = cpu[who].plus(ProcessCpu.times(server.pid()).minus(cpu0));
        System.out.printf("# %s %s: %.0f ops/s, p50 %.0f us, p99 %.0f us (%d ops)%n", server.name(), row, r.opsPerSecond(),
                r.percentileMicros(0.5), r.percentileMicros(0.99), r.operations());
        return r;
    }

    /**
     * New TLS connections, one after another, each a full handshake and one {@code mn}: what a
     * client that does not keep its connections costs each server, taking turns in rounds.
     */
    private void handshakes(Server ours, Server theirs, javax.net.ssl.SSLContext client) throws Exception {
        int perRound = 1000;
        // warm-up: the node's handshake path compiled (after 200 connections it still cost 5x its settled CPU)
        BenchTls.connections(ours.port(), client, 3000);
        BenchTls.connections(theirs.port(), client, 1000);
        double[] seconds = new double[2];
        ProcessCpu.Times[] cpu = { ProcessCpu.NONE, ProcessCpu.NONE };
        Server[] both = { ours, theirs };
        for (int r = 0; r < Math.max(1, rounds); r++) {
            for (int i = 0; i < 2; i++) {
                int who = r % 2 == 0 ? i : 1 - i;
                ProcessCpu.Times cpu0 = ProcessCpu.times(both[who].pid());
                seconds[who] += BenchTls.connections(both[who].port(), client, perRound);
                cpu[who] = cpu[who].plus(ProcessCpu.times(both[who].pid()).minus(cpu0));
            }
        }
        long n = (long) perRound * Math.max(1, rounds);
        BenchLine.of("memcached").with("profile", profile).with("proto", "tls-connect")
                .with("connections_s", n / seconds[0]).with("memcached_connections_s", n / seconds[1])
                .with("ratio_vs_memcached", seconds[1] / seconds[0])
                .with("cpu_us_connection", cpu[0].total() / 1000.0 / n)
                .with("memcached_cpu_us_connection", cpu[1].total() / 1000.0 / n).print();
        System.out.println("# tls-connect: " + n + " connections to each, one after another, each a full handshake"
                + " (the client's session dropped, no resumption) and one mn; " + BenchTls.KEY_WORDS);
    }

    /**
     * The memory rows: for each count, a fresh node and a fresh memcached, both given 1 GB
     * ({@code -m 1024}), get the same items; then each one's resident set is read from /proc. The
     * last row divides the growth between the first and the last count by the items added: what an
     * item costs, without the fixed floor of either process.
     */
    private void rss(String memcached) throws Exception {
        List<long[]> rows = new ArrayList<>();
        for (long items : rssItems) {
            if (items > 0) {
                long[] kb = rss(memcached, items);
                rows.add(new long[] { items, kb[0], kb[1] });
            }
        }
        if (rows.size() >= 2) {
            long[] first = rows.get(0);
            long[] last = rows.get(rows.size() - 1);
            double added = last[0] - first[0];
            double ours = (last[1] - first[1]) * 1024.0 / added;
            double theirs = (last[2] - first[2]) * 1024.0 / added;
            BenchLine.of("memcached").with("profile", profile).with("items", first[0] + ".." + last[0]).with("value", rssValue)
                    .with("bytes_per_item", Math.round(ours)).with("memcached_bytes_per_item", Math.round(theirs))
                    .with("ratio_per_item", ours / theirs).print();
        }
    }

    /** A server's resident set in kB, {@value #RSS_EARLY_MS} ms and {@value #RSS_SETTLED_MS} ms after its fill. */
    private static long[] readTwice(Server server) throws Exception {
        Thread.sleep(RSS_EARLY_MS);
        long early = Rss.kilobytes(server.pid());
        Thread.sleep(RSS_SETTLED_MS - RSS_EARLY_MS);
        return new long[] { early, Rss.kilobytes(server.pid()) };
    }

    /** One memory row; returns both settled resident sets in kB. */
    private long[] rss(String memcached, long items) throws Exception {
        try (Server ours = startOurs(List.of()); Server theirs = startMemcached(memcached, List.of())) {
            // each read the same time after its own fill: read together, the node (filled first)
            // had memcached's fill on top of its settle, and what the JVM frees late counted for it
            long t0 = System.nanoTime();
            long oursKept = fillAndCount(ours, items);
            long oursFillMs = (System.nanoTime() - t0) / 1_000_000;
            long[] oursRss = readTwice(ours);
            t0 = System.nanoTime();
            long theirsKept = fillAndCount(theirs, items);
            long theirsFillMs = (System.nanoTime() - t0) / 1_000_000;
            long[] theirsRss = readTwice(theirs);
            BenchLine.of("memcached").with("profile", profile).with("items", items).with("value", rssValue)
                    .with("rss_mb", oursRss[1] / 1024).with("memcached_rss_mb", theirsRss[1] / 1024)
                    .with("ratio_rss", (double) oursRss[1] / theirsRss[1])
                    .with("rss_2s_mb", oursRss[0] / 1024).with("memcached_rss_2s_mb", theirsRss[0] / 1024)
                    .with("ratio_rss_2s", (double) oursRss[0] / theirsRss[0])
                    .with("items_kept", oursKept).with("memcached_items_kept", theirsKept)
                    .with("fill_ms", oursFillMs).with("memcached_fill_ms", theirsFillMs).print();
            System.out.println("# rss: both -m 1024, " + items + " items of 32-byte keys and " + rssValue
                    + "-byte values stored by quiet meta sets; VmRSS from /proc/<pid>/status " + RSS_SETTLED_MS / 1000
                    + " s after each one's own fill (rss_mb), and " + RSS_EARLY_MS / 1000 + " s after it (rss_2s_mb)");
            return new long[] { oursRss[1], theirsRss[1] };
        }
    }

    /**
     * Fills a server until it evicts, before any load is measured on it. memaslap's sets keep
     * adding keys: a 64 MB cache filled some 50 s into the text load, inside the measured rounds,
     * so a row mixed a cache filling with a full one, and our node compiled its eviction path (C2,
     * half a second of CPU) in a measured round. A cache in service is full: the warm-up runs on a
     * full cache and the rounds measure one that evicts throughout, on both servers alike.
     */
    private static void fillPastCapacity(Server server) throws IOException {
        MetaLoad.Filled f = MetaLoad.fillUntilEvicting(server.port(), 32, 100);
        System.out.printf("# %s: %d items of 100 bytes stored before the load, %d evicted (limit_maxbytes %d)%n",
                server.name(), f.stored(), f.evictions(), f.limitBytes());
    }

    private long fillAndCount(Server server, long items) throws IOException {
        MetaLoad.fill(server.port(), "rss:", items, 32, rssValue);
        return MetaLoad.currentItems(server.port());
    }

    /** A server under test: where it listens and how it stops. */
    private record Server(String name, int port, long pid, AutoCloseable stopper) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            stopper.close();
        }
    }

    private void warm(Server server, Memaslap load, String protocol) throws Exception {
        if (warmup > 0) {
            load.run(server.port(), protocol.equals("binary"), clientThreads, connections, warmup);
        }
    }

    private Memaslap.Result measure(Server server, Memaslap load, String protocol, int secs, ProcessCpu.Times[] cpu,
            int who) throws Exception {
        ProcessCpu.Times cpu0 = ProcessCpu.times(server.pid());
        Memaslap.Result r = load.run(server.port(), protocol.equals("binary"), clientThreads, connections, secs);
        cpu[who] = cpu[who].plus(ProcessCpu.times(server.pid()).minus(cpu0));
        System.out.printf("# %s %s: %.0f ops/s, p50 %.0f us, p99 %.0f us (%d ops)%n", server.name(), protocol,
                r.opsPerSecond(), r.p50Micros(), r.p99Micros(), r.operations());
        return r;
    }

    private Server startOurs(List<String> memcachedWords) throws IOException {
        List<String> args = new ArrayList<>(memcachedWords);
        args.addAll(List.of("-m", String.valueOf(MEMORY_MB), "--port", "0", "--set",
                "mlos.cluster.name=bench-" + java.util.UUID.randomUUID(), "--set", "mlos.cluster.port=16801"));
        if (store != null) {
            args.addAll(List.of("--set", "mlos.kind.KeyValueStore=" + store));
        }
        for (String property : nodeSet) {
            args.addAll(List.of("--set", property));
        }
        NodeProcess node = NodeProcess.start(NodeLayout.fromSystemProperties(), profile, args, nodeJvm, null);
        int port = node.awaitReady(Duration.ofSeconds(60)).port("memcached");
        System.out.println("# ours: " + profile + " node pid " + node.pid() + " on port " + port + " (" + String.join(" ", args) + ")");
        return new Server("ours", port, node.pid(), node);
    }

    private Server startMemcached(String exe, List<String> extra) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-t", String.valueOf(serverThreads), "-m", String.valueOf(MEMORY_MB)));
        options.addAll(extra);
        MemcachedProcess p = MemcachedProcess.start(exe, options);
        System.out.println("# memcached: pid " + p.pid() + " on port " + p.port() + " (" + String.join(" ", p.command()) + ")");
        return new Server("memcached", p.port(), p.pid(), p);
    }
}
