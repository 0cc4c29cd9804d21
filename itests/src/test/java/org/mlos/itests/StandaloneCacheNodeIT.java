package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * The cache-standalone profile (the cache node without the cluster, what an operator puts in
 * memcached's place on one machine) passes the cache node's checks and runs no cluster.
 */
class StandaloneCacheNodeIT extends CacheNodeChecks {

    @Override
    String profile() {
        return "cache-standalone";
    }

    /**
     * A cluster member's ready line names its remote-kinds endpoint (after joining) and its store
     * can swap to the cluster-wide one; this node has neither, and asking for the cluster store is
     * refused with the reason while the local store goes on serving.
     */
    @Test
    void itServesMemcachedOnlyAndJoinsNoCluster() throws Exception {
        assertEquals(Set.of("memcached"), ready.endpoints().keySet(), ready.toString());
        String refused = node.request("swap KeyValueStore hazelcast"); // the cluster-wide store, on cache nodes
        assertTrue(refused.contains("no implementation named hazelcast"), refused);
        String kinds = node.request("kinds");
        assertTrue(kinds.matches("(?s).*KeyValueStore\\s+(heap|log|lru|slab)\\s+heap,log,lru,slab\\s.*"),
                "the local stores only, one of them serving:\n" + kinds);
    }

    /**
     * An operator's memcached line with a unix socket ({@code -s FILE -a 770}, as for PHP on the
     * same host) was refused ("TCP only"). The node now listens there with that mode, and no
     * port; libmemcached's own tools, which an operator's scripts use, store, read and ask its
     * stats through the socket; the ready line names it; a clean stop removes the socket file.
     */
    @Test
    void anOperatorsUnixSocketLineIsServedToLibmemcachedsTools(@TempDir Path dir) throws Exception {
        String memccp = find("memccp", "memcp");
        String memccat = find("memccat", "memcat");
        String memcstat = find("memcstat");
        if (memccp == null || memccat == null || memcstat == null) {
            String why = "libmemcached's tools not found: install libmemcached-tools (apt-get install -y libmemcached-tools)";
            if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        Path socket = dir.resolve("memcached.sock");
        try (NodeProcess unix = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(),
                List.of("-s", socket.toString(), "-a", "770"), List.of(), null)) {
            ReadyLine r = unix.awaitReady(Duration.ofSeconds(90));
            assertEquals(Map.of("memcached+unix", socket.toString()), r.endpoints(), r.toString());
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
            Path file = dir.resolve("greeting.txt");
            Files.writeString(file, "hello through a unix socket\n");
            assertEquals("", run(memccp, "--servers=" + socket, file.toString()));
            // memccat ends each value it prints with a newline of its own
            assertEquals("hello through a unix socket\n\n", run(memccat, "--servers=" + socket, "greeting.txt"));
            String stats = run(memcstat, "--servers=" + socket);
            assertTrue(stats.contains("Server: " + socket) && stats.contains("version: " + "1.6.18-mlos")
                    && stats.contains("curr_items: 1"), stats);
            unix.stop(Duration.ofSeconds(30));
            assertEquals(0, unix.awaitExit(Duration.ofSeconds(30)), unix.output());
        }
        assertTrue(Files.notExists(socket), "a clean stop removes the socket file");
    }

    /**
     * An operator's memcached line with TLS ({@code -Z -o ssl_chain_cert=…,ssl_key=…,ssl_ca_cert=…,
     * ssl_verify_mode=2}) was refused. The node now serves TLS with client certificates on its
     * port: OpenSSL's own client ({@code openssl s_client}) with the client certificate stores and
     * reads, and {@code refresh_certs} answers OK; without the certificate it gets nothing served.
     */
    @Test
    void anOperatorsTlsLineIsServedToOpensslsClient(@TempDir Path dir) throws Exception {
        String openssl = find("openssl");
        if (openssl == null) {
            String why = "openssl not found: install it (apt-get install -y openssl)";
            if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        TestCertificates certs = TestCertificates.make(dir);
        try (NodeProcess tls = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(), List.of("-p", "0", "-Z", "-o",
                "ssl_chain_cert=" + certs.serverCert + ",ssl_key=" + certs.serverKey + ",ssl_ca_cert=" + certs.ca
                        + ",ssl_verify_mode=2,ssl_ciphers=HIGH:!aNULL"), List.of(), null)) {
            int port = tls.awaitReady(Duration.ofSeconds(90)).port("memcached");
            String[] served = sClient(openssl, port, certs, true, "set greeting 0 0 5\r\nhello\r\nget greeting\r\n"
                    + "refresh_certs\r\nquit\r\n", dir);
            assertEquals("STORED\r\nVALUE greeting 0 5\r\nhello\r\nEND\r\nOK\r\n", served[0], served[1]);
            String settings = sClient(openssl, port, certs, true, "stats settings\r\nquit\r\n", dir)[0];
            assertTrue(settings.contains("STAT ssl_ciphers HIGH:!aNULL\r\n"), settings);
            if (System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64")) {
                // BoringSSL, not the JDK, inside OSGi: the bundles resolved took this platform's
                // fragment (its pom pulls every platform's, all under one bundle name)
                String maps = Files.readString(Path.of("/proc/" + tls.pid() + "/maps"));
                assertTrue(maps.contains("libnetty_tcnative_linux_x86_64"), "netty-tcnative not loaded by the node");
            }
            String[] refused = sClient(openssl, port, certs, false, "get greeting\r\nquit\r\n", dir);
            assertEquals("", refused[0], "nothing served without the client certificate");
            // refused by the handshake, in TLS's words (1.3: the alert on the client's first read), not by a dead port
            assertTrue(refused[1].contains("alert certificate required"), refused[1]);
        }
        // a key, but not the certificate's: the node served, then failed every handshake; now it does not start
        try (NodeProcess mismatched = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(), List.of("-p", "0",
                "-Z", "-o", "ssl_chain_cert=" + certs.serverCert + ",ssl_key=" + certs.clientKey), List.of(), null)) {
            assertEquals(3, mismatched.awaitExit(Duration.ofSeconds(90)), mismatched.output());
            for (int i = 0; i < 50 && !mismatched.output().contains("key values mismatch"); i++) {
                Thread.sleep(100); // the node's last lines may still be on their way through its pipe
            }
            assertTrue(mismatched.output().contains("the TLS key " + certs.clientKey + ": key values mismatch"),
                    mismatched.output());
        }
        // a cipher list naming no suite: memcached exits with "Error setting the provided cipher(s)"
        try (NodeProcess noSuite = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(), List.of("-p", "0",
                "-Z", "-o", "ssl_chain_cert=" + certs.serverCert + ",ssl_key=" + certs.serverKey + ",ssl_ciphers=NOPE"),
                List.of(), null)) {
            assertEquals(3, noSuite.awaitExit(Duration.ofSeconds(90)), noSuite.output());
            for (int i = 0; i < 50 && !noSuite.output().contains("will not do"); i++) {
                Thread.sleep(100);
            }
            assertTrue(noSuite.output().contains("the TLS cipher list 'NOPE' will not do"), noSuite.output());
        }
    }

    /**
     * What {@code openssl s_client} prints of the server's replies to {@code requests}, with or
     * without the client certificate, and what it says on its standard error.
     */
    private static String[] sClient(String openssl, int port, TestCertificates certs, boolean withCert, String requests,
            Path dir) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port,
                "-quiet", "-no_ign_eof", "-CAfile", certs.ca.toString()));
        if (withCert) {
            command.addAll(List.of("-cert", certs.clientCert.toString(), "-key", certs.clientKey.toString()));
        }
        Path errors = Files.createTempFile(dir, "s_client", ".err");
        Process p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        p.getOutputStream().write(requests.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "s_client finished");
        p.getOutputStream().close();
        return new String[] { out, Files.readString(errors, java.nio.charset.StandardCharsets.ISO_8859_1) };
    }

    /** A tool's standard output; it must exit 0. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    /**
     * An operator's port already taken: exit code 3, a failed start as the help says (it was 4,
     * "not ready in time", after 0.6 s), and what to do; said in a line, not above a stack trace
     * (SCR printed the activation failure's, some 80 lines, until the node registered a LoggerFactory).
     */
    @Test
    void aTakenPortEndsTheLaunchAsAFailedStartSayingWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                NodeProcess other = NodeProcess.start(NodeLayout.of(ItestOptions.root()), profile(),
                        List.of("-p", String.valueOf(taken.getLocalPort())), List.of(), null)) {
            assertEquals(3, other.awaitExit(Duration.ofSeconds(90)), other.output());
            for (int i = 0; i < 50 && !other.output().contains("choose another port"); i++) {
                Thread.sleep(100); // the node's last lines may still be on their way through its pipe
            }
            assertTrue(other.output().contains("choose another port"), other.output());
            assertTrue(other.output().lines().noneMatch(l -> l.startsWith("\tat ")), other.output());
            // the reason once, in the launcher's verdict: SCR's line of the same failure is not printed too
            assertEquals(1, other.output().lines().filter(l -> l.contains("IOException: cannot listen")).count(), other.output());
            assertTrue(other.output().lines().noneMatch(l -> l.startsWith("ERROR: ")), other.output());
            assertTrue(other.output().contains("mlos: error: profile " + profile() + " failed to start"), other.output());
        }
    }
}
