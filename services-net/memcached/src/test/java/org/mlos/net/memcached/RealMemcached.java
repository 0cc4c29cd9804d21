package org.mlos.net.memcached;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real memcached process on 127.0.0.1 and a free port, for tests that compare against it.
 * Without the {@code memcached} binary a test is skipped, unless the environment variable CI is
 * set: then it fails, as the memccapable conformance test does (CI installs memcached).
 */
final class RealMemcached implements AutoCloseable {

    private final Process process;
    private final int port;
    /** The unix socket it listens on instead of a port ({@link #startOnSocket}), or null. */
    private Path socket;

    private RealMemcached(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts memcached and waits until it accepts connections; skips or fails without it. */
    static RealMemcached start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** The same, with more of memcached's options (e.g. {@code -Y <file>}). */
    static RealMemcached start(List<String> options) throws IOException, InterruptedException {
        return start(options, java.util.Map.of());
    }

    /** The same, with more of memcached's environment (e.g. {@code SASL_CONF_PATH}). */
    static RealMemcached start(List<String> options, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        String binary = binary();
        // a port probed free can be taken before memcached binds it: memcached then exits, and
        // another port is tried
        IOException last = null;
        for (int round = 0; round < 3; round++) {
            try {
                return startOnFreePort(binary, options, environment);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static RealMemcached startOnFreePort(String binary, List<String> options, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary, "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root")); // memcached refuses to run as root without it
        }
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        Process p = builder.start();
        RealMemcached m = new RealMemcached(p, port);
        for (int attempt = 0; attempt < 200; attempt++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (p.isAlive()) {
                    return m;
                }
                break; // something else answered on the port and memcached exited
            } catch (IOException notYet) {
                if (!p.isAlive()) {
                    break;
                }
                Thread.sleep(25);
            }
        }
        m.close();
        throw new IOException("memcached did not start on port " + port + " (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
    }

    int port() {
        return port;
    }

    /** The memcached binary; the test is skipped without one, or fails under CI. */
    private static String binary() {
        String binary = find("memcached");
        if (binary == null) {
            String why = "memcached not found: install it (apt-get install -y memcached)";
            if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        return binary;
    }

    /**
     * memcached listening on a unix socket instead of a port ({@code -s socket -a mask}), once it
     * accepts there; skips or fails without memcached, as {@link #start}.
     */
    static RealMemcached startOnSocket(Path socket, String mask) throws IOException, InterruptedException {
        String binary = binary();
        List<String> command = new ArrayList<>(List.of(binary, "-s", socket.toString(), "-a", mask, "-U", "0"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "root"));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RealMemcached m = new RealMemcached(p, 0);
        m.socket = socket;
        for (int attempt = 0; attempt < 200 && p.isAlive(); attempt++) {
            try (java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open(
                    java.net.UnixDomainSocketAddress.of(socket))) {
                return m;
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
        }
        m.close();
        throw new IOException("memcached did not start on unix socket " + socket + " (exit "
                + (p.isAlive() ? "-" : p.exitValue()) + ")");
    }

    /** A tool on the PATH or in the usual folders (sbin too), or null. */
    static String find(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin:/usr/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (socket != null) {
            try {
                Files.deleteIfExists(socket); // memcached leaves its socket file behind
            } catch (IOException e) {
                // a test's temporary folder goes with it
            }
        }
    }
}
