package org.mlos.cluster.member;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.core.HazelcastInstance;

/**
 * Shuts down a member its node gave up on while it joined (the node failed to start: a bad
 * setting, say), with Hazelcast's logging off meanwhile. Such a member is still running what the
 * master sent it on joining (creating the cluster's distributed objects, the maps' post-join
 * work, answering the join's last step), and Hazelcast logged an error or a warning for each step
 * the stop cut ({@code Cannot create proxy [...]!: Hazelcast instance is not active!}, {@code Cannot
 * send response}): up to ten lines after the node's own error, naming nothing wrong. A member
 * that has joined is shut down with its logging on: what its leave says may matter.
 */
final class ShutdownNoise {

    /** Held: JUL keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
    private static int quieting;
    private static Level before;

    private ShutdownNoise() {
    }

    static void shutDownQuietly(HazelcastInstance member) {
        quiet();
        try {
            member.shutdown();
        } finally {
            loud();
        }
    }

    private static synchronized void quiet() {
        if (quieting++ == 0) {
            before = HAZELCAST.getLevel();
            HAZELCAST.setLevel(Level.OFF);
        }
    }

    private static synchronized void loud() {
        if (--quieting == 0) {
            HAZELCAST.setLevel(before);
        }
    }
}
