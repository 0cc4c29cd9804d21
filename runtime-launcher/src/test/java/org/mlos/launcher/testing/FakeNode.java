package org.mlos.launcher.testing;

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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.mlos.launcher.ControlDir;
import org.mlos.launcher.ControlSocket;

/**
 * A node's control socket ({@code <profile>-<pid>.sock}) with no node behind it: each request line
 * gets what the test's answer makes of it, so a test sees what the command line, a scale or the
 * supervisor make of a node's replies without booting one. The pid must be live (see
 * {@link LivePids}): a socket of a dead pid is dropped as stale.
 *
 * <p>Each connection is served on its own thread, as a node's are: a request that takes long (a
 * swap, a drain) is checked on a second connection meanwhile, which a one-at-a-time fake would
 * leave unanswered. A null answer is none at all, the connection held open: a node stopped with
 * {@code kill -STOP}, whose socket still accepts (the kernel's backlog) and never answers.
 */
public final class FakeNode implements AutoCloseable {

    /** Answers nothing, ever: a stopped node. */
    public static final UnaryOperator<String> STOPPED = line -> null;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final List<SocketChannel> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> serving = new CopyOnWriteArrayList<>();

    /** At {@code runDir}: the run folder a {@code CliRun}'s command line looks in ($MLOS_RUN_DIR). */
    public FakeNode(Path runDir, String profile, long pid, UnaryOperator<String> answer) throws IOException {
        this(Files.createDirectories(runDir).resolve(profile + "-" + pid + ".sock"), answer, profile + "-" + pid);
    }

    /** At this JVM's control folder, where a scale or the supervisor run in the test look ({@link ControlSocket#of}). */
    public static FakeNode inControlDir(String profile, long pid, UnaryOperator<String> answer) throws IOException {
        ControlDir.prepare();
        return new FakeNode(ControlSocket.of(profile, pid), answer, profile + "-" + pid);
    }

    private FakeNode(Path socket, UnaryOperator<String> answer, String name) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket); // a former run's, killed before its close: the bind would fail
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofPlatform().daemon().name("fake-node-" + name).start(() -> accept(answer, name));
    }

    private void accept(UnaryOperator<String> answer, String name) {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                connections.add(ch);
                serving.add(Thread.ofPlatform().daemon().name("fake-node-" + name + "-request").start(() -> serve(ch, answer)));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel ch, UnaryOperator<String> answer) {
        boolean held = false;
        try {
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8))
                    .readLine();
            String reply = answer.apply(line == null ? "" : line);
            held = reply == null; // left open, silent, until close()
            if (!held) {
                Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
                out.write(reply);
                out.flush();
            }
        } catch (IOException gone) {
            // the asker went away, or close() ended the wait
        } finally {
            if (!held) { // also when the answer threw: the asker sees the connection end, as a node's dying
                closeQuietly(ch);
                connections.remove(ch);
            }
            serving.remove(Thread.currentThread());
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closed is all that was wanted
        }
    }

    /** What a node answers a request no bundle of its profile knows (ControlEndpoint.unknown), as text or JSON. */
    public static String unknown(String line) {
        boolean json = line.startsWith("json ");
        String words = json ? line.substring(5) : line;
        String message = "unknown request '" + words + "'; known: kinds, history, swap <kind> <impl>, swaps, cluster, scale"
                + " (each also as 'json <request>')";
        return json ? "{\"error\":\"" + message + "\"}\n" : "error: " + message + "\n";
    }

    /**
     * Closes every connection, held or waiting, and ends every thread of the fake, which an answer
     * that waits must end on its interrupt; one still running after that fails the test, as a leak
     * into the tests after it.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        end(acceptor); // first: no connection comes in after the ones closed below
        for (SocketChannel ch : connections) {
            ch.close();
        }
        for (Thread t : serving) {
            t.interrupt();
            end(t);
        }
        Files.deleteIfExists(socket);
    }

    private static void end(Thread t) throws InterruptedException {
        t.join(10_000);
        if (t.isAlive()) {
            throw new IllegalStateException(t.getName() + " still runs after its fake node closed");
        }
    }
}
