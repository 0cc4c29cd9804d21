package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.mlos.launcher.process.ReadyLine;

/**
 * The memcached port a node of a local cluster served on, kept beside its data folder (the file
 * {@code <data folder>.port}) and given to it again when it starts on that folder: a restart by
 * the supervisor, or the next {@code mlos cluster up}. Clients place keys on the ketama ring by
 * host and port, so a node that came back on a new free port held its recovered items where no
 * client looked: a third to half of the keys written were missing after a {@code kill -9} and its
 * restart, and after {@code cluster down} and {@code up}.
 *
 * <p>Only nodes with a data folder (supervised or autoscaled clusters) keep one: without one a
 * node comes back empty, wherever it listens. Such a node asked for any free port
 * ({@code mlos.port=0}, as {@code cluster up} asks) is given one below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), from {@value #FIRST} up, and the port is kept
 * at once: a port the kernel hands out for a listener is one it hands out for clients' outgoing
 * connections too, and a client that connected while the node was down held its port when it
 * came back (an outsider saw a supervised node restarted on a new port so). A kept port that
 * something else holds when the node starts again is dropped, said, and another one given.
 */
public final class KeptPorts {

    private static final String PORT = "mlos.port=";
    private static final String HOST = "mlos.memcached.host=";
    private static final String DEFAULT_HOST = "127.0.0.1";
    /** memcached's 11211 and ten thousand: the first port a node is given. */
    static final int FIRST = 21211;
    private static final Path EPHEMERAL = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private KeptPorts() {
    }

    /**
     * {@code args} and, for a node with a data folder, {@code --set mlos.port=<p>} after them (the
     * last wins): its kept port if that is free, else, if it asks for any free port, one chosen
     * below the ephemeral range and kept from now on.
     */
    public static List<String> withKeptPort(List<String> args, Consumer<String> say) throws IOException {
        return withKeptPort(args, say, ephemeralStart());
    }

    static List<String> withKeptPort(List<String> args, Consumer<String> say, int ephemeralStart) throws IOException {
        Optional<Path> file = file(args);
        if (file.isEmpty()) {
            return args;
        }
        String given = last(args, PORT).orElse("0");
        if (!given.equals("0")) {
            return args; // the operator's port (cluster up --set mlos.port=N gives each node its own): the node's, always
        }
        String host = last(args, HOST).orElse(DEFAULT_HOST);
        int kept = kept(file.get());
        if (kept != 0 && freeWithin(host, kept, RELEASE_WAIT_MS)) {
            return with(args, kept);
        }
        Files.deleteIfExists(file.get());
        int chosen = last(args, PORT).orElse("").equals("0") ? choose(host, file.get(), ephemeralStart) : 0;
        if (chosen != 0) {
            write(file.get(), chosen);
        }
        if (kept != 0) {
            say.accept("port " + kept + " kept for the node on " + SupervisedNode.dataDir(args).orElseThrow()
                    + " is taken; it takes " + (chosen != 0 ? "port " + chosen : "a free one")
                    + " (clients find its recovered keys again once their ring has its new address)");
        }
        return chosen != 0 ? with(args, chosen) : args;
    }

    private static List<String> with(List<String> args, int port) {
        List<String> out = new ArrayList<>(args);
        out.addAll(List.of("--set", PORT + port));
        return out;
    }

    /** The port kept in {@code file}, or 0 for none (no file, or not a port). */
    private static int kept(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            int port = Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim());
            return port >= 1 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * The first free port from {@value #FIRST} below {@code ephemeralStart} that no node of the
     * folder keeps (a node given one may not listen on it yet), or 0 if there is none.
     */
    private static int choose(String host, Path file, int ephemeralStart) throws IOException {
        java.util.Set<Integer> keptBeside = new java.util.HashSet<>();
        if (Files.isDirectory(file.getParent())) { // a --set mlos.fault.dir not made yet holds none
            try (var files = Files.newDirectoryStream(file.getParent(), "*.port")) {
                for (Path f : files) {
                    keptBeside.add(kept(f));
                }
            }
        }
        for (int p = FIRST; p < ephemeralStart; p++) {
            if (!keptBeside.contains(p) && free(host, p)) {
                return p;
            }
        }
        return 0;
    }

    /** The first port the kernel hands out for outgoing connections (Linux's default when it cannot be read). */
    static int ephemeralStart() {
        // one read of a whole line: a sysctl file answers a read past its start with nothing, and
        // Files.readString, which reads a file the kernel says is empty a byte first, got "3"
        try (java.io.BufferedReader r = Files.newBufferedReader(EPHEMERAL, StandardCharsets.US_ASCII)) {
            return Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 32768;
        }
    }

    /** Keeps the memcached port of a node that is ready, if it has a data folder and serves memcached. */
    public static void keep(List<String> args, ReadyLine ready) throws IOException {
        Optional<Path> file = file(args);
        String endpoint = ready.endpoints().get("memcached");
        if (file.isEmpty() || endpoint == null) {
            return;
        }
        write(file.get(), Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)));
    }

    private static void write(Path file, int port) throws IOException {
        // a --set mlos.fault.dir not made yet: made as its node makes what it keeps there, the owner's alone
        Files.createDirectories(file.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, port + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forgets the port of a node whose data folder goes (scaled in: a later node in its slot starts afresh). */
    public static void forget(List<String> args) throws IOException {
        Optional<Path> file = file(args);
        if (file.isPresent()) {
            Files.deleteIfExists(file.get());
        }
    }

    /** Where the port of the node started with {@code args} is kept, if it has a data folder. */
    static Optional<Path> file(List<String> args) {
        return SupervisedNode.dataDir(args).map(d -> d.resolveSibling(d.getFileName() + ".port"));
    }

    /** The value of the last {@code --set <prefix>…} in {@code args}. */
    private static Optional<String> last(List<String> args, String prefix) {
        String found = null;
        for (String a : args) {
            if (a.startsWith(prefix)) {
                found = a.substring(prefix.length());
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * How long a kept port may stay bound after its node's death was seen: a node killed under
     * load still held its listener 11 ms after the supervisor saw it die (its process's sockets
     * closing), and came back on another port while nothing else held its own (an outsider, 1 of 5).
     */
    static final long RELEASE_WAIT_MS = 2_000;

    private static boolean freeWithin(String host, int port, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!free(host, port)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static boolean free(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the node's listener: a port in TIME_WAIT after a kill -9 is free to it
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
