package org.mlos.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running node's control socket, {@code <control dir>/<profile>-<pid>.sock}: one request line
 * per connection (e.g. {@code kinds}, {@code swap KeyValueStore slab}), the reply until the node
 * closes the connection.
 */
public final class ControlSocket {

    private ControlSocket() {
    }

    public static Path of(String profile, long pid) {
        return ControlDir.path().resolve(profile + "-" + pid + ".sock");
    }

    /**
     * The node's reply, however long it takes: only for a wait that checks the node meanwhile
     * ({@link AnswerWait#whileAnswering}); a stopped node never answers.
     */
    public static String request(Path socket, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return exchange(ch, socket, line);
        }
    }

    /**
     * The node's reply if it comes within {@code within}, else {@link NoAnswer}: a node stopped
     * (kill -STOP), stuck or out of memory still has its socket accept, the kernel's backlog does,
     * and a reader with no bound waited for as long as the node stayed so (an outsider's CLI hung).
     */
    public static String request(Path socket, String line, Duration within) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        AtomicBoolean late = new AtomicBoolean();
        // Closing the channel is what ends a blocked connect or read; the thread sleeps, or is
        // interrupted once the reply is in.
        Thread deadline = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(within);
                late.set(true);
                ch.close();
            } catch (InterruptedException | IOException e) {
                // the reply came first
            }
        });
        try {
            return exchange(ch, socket, line);
        } catch (IOException e) {
            if (late.get()) {
                throw new NoAnswer(socket, line, within);
            }
            throw e;
        } finally {
            deadline.interrupt();
            ch.close();
        }
    }

    private static String exchange(SocketChannel ch, Path socket, String line) throws IOException {
        ch.connect(UnixDomainSocketAddress.of(socket));
        Writer out = Channels.newWriter(ch, StandardCharsets.UTF_8);
        out.write(line + "\n");
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
        StringBuilder reply = new StringBuilder();
        String l;
        while ((l = in.readLine()) != null) {
            reply.append(l).append('\n');
        }
        return reply.toString();
    }

    /** A node that took a request and did not answer it in the time it was given. */
    public static class NoAnswer extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Duration within;

        NoAnswer(Path socket, String line, Duration within) {
            super(socket.getFileName() + " did not answer '" + line + "' within " + seconds(within));
            this.within = within;
        }

        public Duration within() {
            return within;
        }
    }

    /** A wait as the messages say it: {@code 20 s}, {@code 1.5 s}. */
    public static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
