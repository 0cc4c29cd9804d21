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
 * node comes back empty, wherever it listens. A kept port that something else holds when the node
 * starts again is dropped, said, and the node takes a free one, as before.
 */
public final class KeptPorts {

    private static final String PORT = "mlos.port=";
    private static final String HOST = "mlos.memcached.host=";
    private static final String DEFAULT_HOST = "127.0.0.1";

    private KeptPorts() {
    }

    /** {@code args} and, if a port is kept for the node's data folder and free, {@code --set mlos.port=<it>} after them (the last wins). */
    public static List<String> withKeptPort(List<String> args, Consumer<String> say) throws IOException {
        Optional<Path> file = file(args);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return args;
        }
        int port;
        try {
            port = Integer.parseInt(Files.readString(file.get(), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            Files.deleteIfExists(file.get());
            return args;
        }
        String host = last(args, HOST).orElse(DEFAULT_HOST);
        if (port < 1 || port > 65535 || !free(host, port)) {
            Files.deleteIfExists(file.get());
            say.accept("port " + port + " kept for the node on " + SupervisedNode.dataDir(args).orElseThrow() + " is taken; it takes a"
                    + " free one (clients find its recovered keys again once their ring has its new address)");
            return args;
        }
        List<String> out = new ArrayList<>(args);
        out.addAll(List.of("--set", PORT + port));
        return out;
    }

    /** Keeps the memcached port of a node that is ready, if it has a data folder and serves memcached. */
    public static void keep(List<String> args, ReadyLine ready) throws IOException {
        Optional<Path> file = file(args);
        String endpoint = ready.endpoints().get("memcached");
        if (file.isEmpty() || endpoint == null) {
            return;
        }
        Path tmp = file.get().resolveSibling(file.get().getFileName() + ".tmp");
        Files.writeString(tmp, endpoint.substring(endpoint.lastIndexOf(':') + 1) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file.get(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
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
