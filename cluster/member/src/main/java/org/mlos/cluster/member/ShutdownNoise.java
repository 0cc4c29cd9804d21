package org.mlos.cluster.member;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.core.HazelcastInstance;

/**
 * Shuts down a member its node gave up on while it joined (the node failed to start: a bad
 * setting, say), with the loggers of Hazelcast's operations off meanwhile. Such a member is still
 * running what the master sent it on joining (creating the cluster's distributed objects, the
 * maps' post-join work, answering the join's last step), and Hazelcast logged an error or a warning
 * for each step the stop cut ({@code Cannot create proxy [...]!: Hazelcast instance is not
 * active!}, {@code Cannot send response}): up to ten lines after the node's own error, naming
 * nothing wrong. Only the operations' loggers: what the partitions say while a data member's
 * graceful shutdown hands them on (a migration that failed, data lost) is still logged. A member
 * that has joined is shut down with every logger on.
 */
final class ShutdownNoise {

    /** Held: JUL keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger[] OPERATIONS = {
        Logger.getLogger("com.hazelcast.spi.impl"), // proxies' creation, responses, invocations
        Logger.getLogger("com.hazelcast.internal.cluster.impl.operations"), // the join's operations
    };
    private static int quieting;
    private static final Level[] BEFORE = new Level[OPERATIONS.length];

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
            for (int i = 0; i < OPERATIONS.length; i++) {
                BEFORE[i] = OPERATIONS[i].getLevel();
                OPERATIONS[i].setLevel(Level.OFF);
            }
        }
    }

    private static synchronized void loud() {
        if (--quieting == 0) {
            for (int i = 0; i < OPERATIONS.length; i++) {
                OPERATIONS[i].setLevel(BEFORE[i]);
            }
        }
    }
}
