package org.mlos.bench.memcached;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real memcached on a free port of 127.0.0.1 (UDP off), as the bench runs it beside our node and
 * its tests run it alone: started with the options given, waited for until it accepts, stopped
 * on {@link #close}.
 */
final class MemcachedProcess implements AutoCloseable {

    private static final long START_SECONDS = 10;

    private final Process process;
    private final int port;
    private final List<String> command;

    private MemcachedProcess(Process process, int port, List<String> command) {
        this.process = process;
        this.port = port;
        this.command = command;
    }

    /**
     * Starts {@code exe} with {@code options} (e.g. {@code -m 1024 -t 4}) and waits until it
     * accepts a connection; an IOException naming the command if it exits or does not accept
     * within 10 s.
     */
    static MemcachedProcess start(String exe, List<String> options) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(exe, "-p", String.valueOf(port), "-U", "0", "-l", "127.0.0.1"));
        cmd.addAll(options);
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "root")); // memcached refuses to run as root otherwise
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new MemcachedProcess(p, port, List.copyOf(cmd));
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    // why, before the kill: once killed, a memcached that never accepted has exited too
                    String why = p.isAlive() ? "no connection in " + START_SECONDS + " s" : "it exited with " + p.exitValue();
                    p.destroyForcibly();
                    throw new IOException("memcached did not start (" + why + "): " + String.join(" ", cmd));
                }
                Thread.sleep(20);
            }
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The command line it was started with. */
    List<String> command() {
        return command;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
