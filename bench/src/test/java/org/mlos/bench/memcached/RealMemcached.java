package org.mlos.bench.memcached;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.OS;

/** A memcached for a test, on a free port of 127.0.0.1; the test is skipped where none is installed. */
final class RealMemcached implements AutoCloseable {

    private final Process process;
    private final int port;

    private RealMemcached(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts memcached with {@code -m megabytes} and the options given, and waits until it accepts. */
    static RealMemcached start(int megabytes, String... options) throws IOException, InterruptedException {
        String exe = Tools.find("memcached");
        Assumptions.assumeTrue(exe != null && OS.LINUX.isCurrentOs(), "memcached not installed (apt-get install memcached)");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(exe, "-p", String.valueOf(port), "-U", "0", "-l", "127.0.0.1", "-m",
                String.valueOf(megabytes)));
        cmd.addAll(List.of(options));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "root"));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new RealMemcached(p, port);
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IOException("memcached did not start: " + cmd);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
