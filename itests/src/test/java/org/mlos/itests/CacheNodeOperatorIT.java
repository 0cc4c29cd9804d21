package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

/**
 * A cache node started as an operator starts memcached, {@code cache -m 32 -c 4096 -p 0}: more
 * connections than the old fixed limit of 1,024 are served, and filled to three times its
 * capacity the node's memory stays within the bound runtime-launcher/README.md states.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheNodeOperatorIT {

    private static final int CAPACITY_MB = 32;
    /** runtime-launcher/README.md: RSS ≤ 1.5 × capacity + this floor, up to 4,096 connections. */
    private static final long FLOOR_MB = 256;
    private static final int IDLE = 2_000;
    private static final int ACTIVE = 200;

    private static NodeProcess node;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "cache", List.of("-m", Integer.toString(CAPACITY_MB),
                "-c", "4096", "-p", "0", "--set", "mlos.cluster.name=itest-ops-" + java.util.UUID.randomUUID(),
                "--set", "mlos.cluster.port=15961"), List.of(), null);
        port = node.awaitReady(Duration.ofSeconds(90)).port("memcached");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    @Order(0)
    void theNodesJvmIsSizedFromItsCapacityAndConnectionLimit() throws IOException {
        // runtime-launcher/README.md: heap 32 + 64 + 4,096 × 16 KB, direct 32 + 4,096 × 8 KB
        List<String> cmd = Arrays.asList(new String(Files.readAllBytes(Path.of("/proc/" + node.pid() + "/cmdline")),
                StandardCharsets.UTF_8).split("\0"));
        assertTrue(cmd.contains("-Xmx160m") && cmd.contains("-XX:MaxDirectMemorySize=64m"), cmd.toString());
    }

    @Test
    @Order(1)
    void twoThousandIdleAndTwoHundredActiveConnectionsAreAllServed() throws Exception {
        List<Socket> idle = new ArrayList<>(IDLE);
        try {
            for (int i = 0; i < IDLE; i++) {
                idle.add(open());
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> active = new ArrayList<>(ACTIVE);
                for (int c = 0; c < ACTIVE; c++) {
                    int id = c;
                    active.add(pool.submit(() -> roundTrips(id, 20)));
                }
                for (Future<Integer> f : active) {
                    assertEquals(20, f.get());
                }
            }
            // Every idle connection is still open and answers, past the old limit of 1,024.
            for (Socket s : idle) {
                assertEquals("VERSION", request(s, "version\r\n", "\r\n").split(" ")[0]);
            }
            try (Socket s = open()) {
                String stats = request(s, "stats\r\n", "END\r\n");
                assertTrue(stats.contains("STAT max_connections 4096\r\n"), stats);
                assertTrue(currConnections(stats) >= IDLE + 1, stats);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    @Order(2)
    void filledToThreeTimesItsCapacityTheNodeStaysWithinItsMemoryBound() throws Exception {
        long bound = (long) (1.5 * CAPACITY_MB) + FLOOR_MB;
        int items = 3 * CAPACITY_MB * 1024; // 1 KB values: three times the capacity
        byte[] value = new byte[1024];
        Arrays.fill(value, (byte) 'v');
        long peak = 0;
        try (Socket s = open()) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < items; i++) {
                out.write(("set fill" + i + " 0 0 1024 noreply\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(value);
                out.write('\r');
                out.write('\n');
                if (i % 512 == 511) {
                    // a round trip now and then, so the node keeps up and errors would show
                    assertEquals("MN\r\n", request(s, "mn\r\n", "\r\n"));
                    if (i % 8192 == 8191) {
                        peak = Math.max(peak, rssMb());
                    }
                }
            }
            assertEquals("MN\r\n", request(s, "mn\r\n", "\r\n"));
            long rss = rssMb();
            peak = Math.max(peak, rss);
            System.out.println("CacheNodeOperatorIT: capacity " + CAPACITY_MB + " MB, " + items + " items of 1 KB stored; RSS "
                    + rss + " MB, peak sampled " + peak + " MB, bound " + bound + " MB");
            assertTrue(peak <= bound, "RSS peaked at " + peak + " MB, over 1.5 × " + CAPACITY_MB + " + " + FLOOR_MB + " MB");
            // The newest items are kept (the oldest were evicted to make room).
            for (int i = items - 1_000; i < items; i++) {
                String reply = request(s, "get fill" + i + "\r\n", "END\r\n");
                assertTrue(reply.startsWith("VALUE fill" + i + " 0 1024\r\n"), "fill" + i + " was evicted: " + reply);
            }
        }
        assertTrue(node.isAlive());
    }

    /** {@code n} set/get round trips on a connection of its own; returns how many read back right. */
    private static int roundTrips(int id, int n) throws IOException {
        int ok = 0;
        try (Socket s = open()) {
            for (int i = 0; i < n; i++) {
                String v = id + "-" + i;
                assertEquals("STORED\r\n", request(s, "set active" + id + " 0 0 " + v.length() + "\r\n" + v + "\r\n", "\r\n"));
                String got = request(s, "get active" + id + "\r\n", "END\r\n");
                if (got.equals("VALUE active" + id + " 0 " + v.length() + "\r\n" + v + "\r\nEND\r\n")) {
                    ok++;
                }
            }
        }
        return ok;
    }

    private static Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        return s;
    }

    /** Sends {@code line} and reads until the reply ends with {@code end}. */
    private static String request(Socket s, String line, String end) throws IOException {
        s.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder reply = new StringBuilder();
        while (!reply.toString().endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after '" + reply + "'");
            }
            reply.append((char) b);
        }
        return reply.toString();
    }

    private static long currConnections(String stats) {
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("STAT curr_connections ")) {
                return Long.parseLong(line.substring("STAT curr_connections ".length()));
            }
        }
        return -1;
    }

    /** The node's resident memory in MB, from /proc/<pid>/status. */
    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + node.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024;
            }
        }
        throw new IOException("no VmRSS for pid " + node.pid());
    }
}
