package org.mlos.core.osgi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.mlos.core.api.KernelJson;
import org.mlos.core.api.NodeCommand;

import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Lets {@code mlos kinds}, {@code mlos swap} and {@code mlos history} reach a running node: a
 * Unix domain socket, readable by its owner only, at
 * {@code <mlos.control.dir>/<profile>-<pid>.sock}. One request per connection, one line of
 * words ({@code kinds}, {@code history}, {@code swap <kind> <impl>}, {@code swaps [<kind>] [--lines]});
 * the reply is the same text
 * the Gogo commands print, and a line starting {@code error:} on failure. Off unless the
 * framework property {@code mlos.control.dir} is set (the launcher sets it).
 */
@Component(immediate = true, service = {})
public final class ControlEndpoint {

    static final int MAX_LINE = 4096;
    private static final System.Logger LOG = System.getLogger(ControlEndpoint.class.getName());

    @Reference
    private KernelCommands commands;

    /** Requests other bundles answer, by their first word. */
    private final Map<String, NodeCommand> extensions = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommand(NodeCommand command, Map<String, Object> props) {
        Object name = props.get(NodeCommand.NAME);
        if (name != null) {
            extensions.put(name.toString(), command);
        }
    }

    void removeCommand(NodeCommand command, Map<String, Object> props) {
        Object name = props.get(NodeCommand.NAME);
        if (name != null) {
            extensions.remove(name.toString(), command);
        }
    }

    /** Requests answered at once; a further client is told to try again. */
    static final int REQUEST_SLOTS = 4;
    private final Semaphore busy = new Semaphore(REQUEST_SLOTS);
    /**
     * How long a client has to send its request line before it is closed: silent clients held
     * the few request slots for as long as they stayed connected, and every other command was
     * told "busy" meanwhile. The command then takes as long as it takes.
     */
    long requestLineMillis = 10_000;
    private volatile ScheduledExecutorService deadlines;
    private volatile ServerSocketChannel server;
    private volatile boolean closing;
    private Path socket;
    private Thread acceptor;

    @Activate
    void activate(BundleContext context) {
        String dir = context.getProperty(NodeProperties.CONTROL_DIR);
        if (dir == null || dir.isBlank()) {
            return;
        }
        socket = Path.of(dir).resolve(context.getProperty(NodeProperties.PROFILE) + "-" + ProcessHandle.current().pid() + ".sock");
        // Opening the socket loads the NIO machinery: done off the boot path, in the acceptor.
        acceptor = new Thread(new Acceptor(), "mlos-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        if (acceptor == null) {
            return;
        }
        closing = true;
        acceptor.interrupt();
        acceptor.join(5_000);
        ServerSocketChannel s = server;
        if (s != null) {
            s.close();
        }
        ScheduledExecutorService d = deadlines;
        if (d != null) {
            d.shutdownNow();
        }
        Files.deleteIfExists(socket);
    }

    private final class Acceptor implements Runnable {
        @Override
        public void run() {
            try {
                deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "mlos-control-deadlines");
                    t.setDaemon(true);
                    return t;
                });
                open();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "no control socket at " + socket + ": " + e.getMessage()
                        + " (mlos kinds/swap/history cannot reach this node)");
                return;
            }
            serve();
        }
    }

    private void open() throws IOException {
        PrivateFolder.prepare(socket.getParent());
        Files.deleteIfExists(socket);
        // Bound under another name and moved into place once it listens: between bind and listen
        // the file is there and refuses connections, and a client that saw it appear and
        // connected at once was refused (a test did, on a busy machine). A short name, so that
        // it fits wherever the socket's own name fits.
        Path binding = socket.resolveSibling("." + ProcessHandle.current().pid() + ".b");
        Files.deleteIfExists(binding);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(binding));
            try {
                Files.setPosixFilePermissions(binding, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the folder's own permissions apply
            }
            Files.move(binding, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            s.close();
            Files.deleteIfExists(binding);
            throw e;
        }
        server = s;
        if (closing) {
            s.close();
        }
    }

    private void serve() {
        while (!closing && server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(System.Logger.Level.WARNING, "control endpoint stopped: " + e.getMessage());
                }
                return;
            }
            // A client that never finishes its line must not block the others: one thread each,
            // at most a few at a time.
            if (!busy.tryAcquire()) {
                reply(client, "error: busy, try again");
                continue;
            }
            ScheduledFuture<?> deadline = deadlines.schedule(() -> close(client), requestLineMillis, TimeUnit.MILLISECONDS);
            Thread t = new Thread(() -> {
                try {
                    answer(client, deadline);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "control request failed: " + e.getMessage());
                } finally {
                    busy.release();
                    close(client);
                }
            }, "mlos-control-request");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void reply(SocketChannel client, String text) {
        try {
            Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
            out.write(text + "\n");
            out.flush();
        } catch (IOException e) {
            // the client left
        } finally {
            close(client);
        }
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /**
     * The request line, without its end; null when longer than {@value #MAX_LINE} characters. Read
     * no further than that: a line without end, read whole, took as much memory as it was sent.
     */
    static String line(java.io.Reader in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n' && c != '\r';) { // ends as BufferedReader.readLine's do
            if (line.length() == MAX_LINE) {
                return null;
            }
            line.append((char) c);
        }
        return line.toString();
    }

    private void answer(SocketChannel client, ScheduledFuture<?> deadline) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                StandardCharsets.UTF_8), MAX_LINE);
        Writer out = Channels.newWriter(client, StandardCharsets.UTF_8);
        String line = line(in);
        if (!deadline.cancel(false)) {
            return; // closed at its deadline: the line came too late, or not whole
        }
        String reply;
        try {
            reply = line == null ? "error: a request is one line of at most " + MAX_LINE + " characters" : execute(line);
        } catch (RuntimeException e) {
            reply = "error: " + e.getMessage();
        } catch (Error e) {
            // A command that overflows its stack (a reader of a value nested 20,000 deep) or runs out
            // of memory answers an error: the thread died and its client was left without a reply.
            reply = "error: " + failed(e);
            LOG.log(System.Logger.Level.WARNING, "control request '" + line + "' failed: " + e);
        }
        out.write(reply.endsWith("\n") ? reply : reply + "\n");
        out.flush();
    }

    /** What a request that ended in an {@link Error} says: which error, never a bare "null". */
    static String failed(Error e) {
        return "the request failed with " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * Answers one request line. A line starting with the word {@code json} asks for the reply as
     * one JSON document ({@code {"error": …}} on failure) instead of text.
     */
    String execute(String line) {
        String[] words = line.trim().split("\\s+");
        if (words[0].equals("json")) {
            try {
                return executeJson(Arrays.asList(words).subList(1, words.length));
            } catch (RuntimeException e) {
                return KernelJson.error(String.valueOf(e.getMessage()));
            } catch (Error e) {
                LOG.log(System.Logger.Level.WARNING, "control request '" + line + "' failed: " + e);
                return KernelJson.error(failed(e));
            }
        }
        switch (words[0]) {
            case "kinds":
                return commands.kinds();
            case "active":
                return commands.active();
            case "history":
                return commands.history();
            case "swap":
                if (words.length != 3) {
                    return "error: usage: swap <kind> <impl>";
                }
                return commands.swap(words[1], words[2]);
            case "swaps":
                return swaps(Arrays.asList(words).subList(1, words.length), false);
            default:
                NodeCommand extension = extensions.get(words[0]);
                if (extension != null) {
                    return extension.execute(Arrays.asList(words).subList(1, words.length));
                }
                return "error: " + unknown(Arrays.asList(words));
        }
    }

    private String executeJson(List<String> words) {
        String first = words.isEmpty() ? "" : words.get(0);
        switch (first) {
            case "kinds":
                return commands.kindsJson();
            case "active":
                return commands.kindsJson(); // the JSON of kinds has each one's active implementation
            case "history":
                return commands.historyJson();
            case "swaps":
                return swaps(words.subList(1, words.size()), true);
            case "swap":
                if (words.size() != 3) {
                    return KernelJson.error("usage: swap <kind> <impl>");
                }
                return commands.swapJson(words.get(1), words.get(2));
            default:
                NodeCommand extension = extensions.get(first);
                if (extension != null) {
                    return extension.executeJson(words.subList(1, words.size()));
                }
                return KernelJson.error(unknown(words));
        }
    }

    /**
     * The swaps under way ({@code swaps [<kind>] [--lines]}): a line each, or a line saying there is
     * none; with {@code --lines}, nothing then (what {@code mlos swap} polls while it waits).
     */
    private String swaps(List<String> args, boolean json) {
        boolean lines = args.contains("--lines");
        List<String> rest = args.stream().filter(a -> !a.equals("--lines")).toList();
        if (rest.size() > 1) {
            String usage = "usage: swaps [<kind>] [--lines]";
            return json ? KernelJson.error(usage) : "error: " + usage;
        }
        List<org.mlos.core.api.SwapProgress> swaps = commands.swapsOf(rest.isEmpty() ? null : rest.get(0));
        String unknown = rest.isEmpty() || !swaps.isEmpty() ? null : commands.unknownKind(rest.get(0));
        if (unknown != null) { // a misspelt kind said "no swap under way", as if it had none
            return json ? KernelJson.error(unknown) : "error: " + unknown;
        }
        if (json) {
            return KernelJson.swaps(swaps);
        }
        return lines ? org.mlos.core.api.KernelText.lines(swaps) : org.mlos.core.api.KernelText.swaps(swaps);
    }

    private String unknown(List<String> words) {
        return "unknown request '" + String.join(" ", words) + "'; known: kinds, active, history, swap <kind> <impl>,"
                + " swaps"
                + (extensions.isEmpty() ? "" : ", " + String.join(", ", new java.util.TreeSet<>(extensions.keySet())))
                + " (each also as 'json <request>')";
    }
}
