package org.mlos.launcher.scale;

import java.io.IOException;
import java.util.List;

import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/** {@code scale ...} requests to a node of the cluster through its control socket, and their answers' fields. */
final class NodeRequests {

    /**
     * Why a node's reply is empty: it closed its control connection without a word, as one killed
     * (or whose process ended) while it worked on the request does.
     */
    private static final String NO_ANSWER = "it closed the connection without one: it may have died";

    private NodeRequests() {
    }

    /** A new node as the cluster's files list it, its slot in {@code spec}: for the requests that put it on the ring. */
    static ClusterFiles.Entry listed(NodeProcess p, SupervisedNode spec) {
        return new ClusterFiles.Entry(p.pid(), p.profile(), "", spec);
    }

    /**
     * A query's answer (a ring, a progress line, the autoscaler's requests), within {@link
     * AnswerWait#within()}: a stopped node hung the scale, or the supervisor's poll, for as long as
     * it stayed stopped.
     */
    static String request(ClusterFiles.Entry e, String line) throws IOException {
        try {
            return AnswerWait.query(ControlSocket.of(e.profile(), e.pid()), line);
        } catch (ControlSocket.NoAnswer x) {
            throw new IOException(AnswerWait.message(e.name(), e.pid(), quoted(line), x), x);
        }
    }

    /**
     * A scale's request as a message quotes it: without the options the scale adds for the node
     * ({@code scale drain --leaving 4713 --by 1765…} is {@code scale drain}), which no user typed.
     */
    static String quoted(String line) {
        int options = line.indexOf(" --");
        return options < 0 ? line : line.substring(0, options);
    }

    /** A request that may take long (a move of keys, a drain): waited for while the node answers checks. */
    static String requestWhileAnswering(ClusterFiles.Entry e, String line) throws IOException {
        try {
            return AnswerWait.whileAnswering(ControlSocket.of(e.profile(), e.pid()), line);
        } catch (ControlSocket.NoAnswer x) {
            throw new IOException(AnswerWait.message(e.name(), e.pid(), quoted(line), x), x);
        }
    }

    /** The answer, which must start with {@code ok}; otherwise a failure naming the node, the request and the answer. */
    static String expect(ClusterFiles.Entry e, String request, String ok) throws IOException {
        String r = requestWhileAnswering(e, request);
        if (!r.startsWith(ok)) {
            throw new IllegalStateException("node " + e.name() + " (pid " + e.pid() + ")" + (r.isBlank()
                    ? " gave no answer to '" + request + "' (" + NO_ANSWER + ")"
                    : " answered '" + request + "' with: " + r.trim()));
        }
        return r;
    }

    /**
     * Puts a new node on the ring. Retried for a while: a node may print its ready line before its
     * cluster member (and with it the {@code scale} requests) is up, where the join runs in the background.
     */
    static void serve(ClusterFiles.Entry e) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String r = "";
        while (System.nanoTime() < deadline) {
            r = request(e, "scale serve");
            if (r.startsWith("serving")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node " + e.name() + " (pid " + e.pid() + ") did not go on the ring: " + answer(r));
    }

    /** A reply as a message tells it; an empty one is said to be no answer. */
    static String answer(String reply) {
        return reply.isBlank() ? "it gave no answer (" + NO_ANSWER + ")" : reply.trim();
    }

    /**
     * The reply with its {@code to=<pid>:<items>,…} field naming the nodes by slot, as every other
     * line of the scale does ({@code to=cache-1:600,cache-2:634}); a pid not listed stays as it is.
     */
    static String ownersNamed(String reply, List<ClusterFiles.Entry> nodes) {
        StringBuilder out = new StringBuilder();
        for (String f : reply.trim().split(" ")) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (!f.startsWith("to=")) {
                out.append(f);
                continue;
            }
            out.append("to=");
            String sep = "";
            for (String owner : f.substring(3).split(",")) {
                int colon = owner.lastIndexOf(':');
                String who = colon < 0 ? owner : owner.substring(0, colon);
                String named = nodes.stream().filter(e -> Long.toString(e.pid()).equals(who)).findFirst()
                        .map(ClusterFiles.Entry::name).orElse(who);
                out.append(sep).append(named).append(colon < 0 ? "" : owner.substring(colon));
                sep = ",";
            }
        }
        return out.toString();
    }

    static long field(String reply, String name) {
        for (String f : reply.trim().split(" ")) {
            if (f.startsWith(name + "=")) {
                return Long.parseLong(f.substring(name.length() + 1));
            }
        }
        throw new IllegalStateException("no " + name + "= in: " + reply.trim());
    }
}
