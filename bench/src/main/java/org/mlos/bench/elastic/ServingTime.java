package org.mlos.bench.elastic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * A node added to a running cluster: from the decision (just before its JVM is spawned) until it
 * serves (its ready line read, and for a cache node a memcached client's request answered after
 * it) and until it has joined (its joined line). A profile that joins no cluster has no joined figure.
 */
final class ServingTime {

    /** One boot's figures, in ms from the decision; joined is -1 for a node that joins no cluster. */
    record Boot(long serving, long readyLine, long joined) {
    }

    private final NodeLayout layout;
    private final List<String> cluster;

    ServingTime(NodeLayout layout, List<String> cluster) {
        this.layout = layout;
        this.cluster = cluster;
    }

    Boot boot(String profile, List<String> more) throws Exception {
        List<String> args = new ArrayList<>(cluster);
        args.addAll(more);
        int port = profile.equals("cache") ? Memcached.freePort() : 0;
        if (port > 0) {
            args.addAll(List.of("--port", Integer.toString(port)));
        }
        long decision = System.nanoTime();
        try (NodeProcess node = NodeProcess.start(layout, profile, args, List.of(), null)) {
            ReadyLine ready = node.awaitServing(Duration.ofSeconds(120));
            long readyLine = ms(decision);
            long serving = readyLine;
            if (port > 0) {
                // Serving means a client's request answered, on a node that says it is ready.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!Memcached.answers(port)) {
                    if (System.nanoTime() > deadline || !node.isAlive()) {
                        throw new IllegalStateException("cache node on port " + port + " said it was ready but does not answer:\n"
                                + node.output());
                    }
                    Thread.sleep(1);
                }
                serving = ms(decision);
            }
            long joined = -1;
            if (ready.joinPending() || ready.joinedMs() >= 0) {
                node.awaitReady(Duration.ofSeconds(120));
                joined = ms(decision);
            }
            return new Boot(serving, readyLine, joined);
        }
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
