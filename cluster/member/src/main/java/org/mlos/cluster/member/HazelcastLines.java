package org.mlos.cluster.member;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;

/**
 * The lines of one of Hazelcast's loggers that the members of this JVM judge before they are
 * written: a line that a member's own words tell better (a refused join), or that anyone can cause
 * at will (a connection of another protocol). One java.util.logging filter a logger, there while
 * some member watches it, and asking only the watches of the member the line is of (Hazelcast puts
 * the member's cluster name in every line; tests run several members). An embedding application's
 * filter, there before, is asked first, and is put back when the last watch ends.
 */
final class HazelcastLines {

    /** Whether a line of the watching member is written as Hazelcast wrote it. */
    @FunctionalInterface
    interface Judge {
        boolean keep(LogRecord record, String message);
    }

    /** A member's watch of a logger's lines, from {@link #watch} until {@link #close}. */
    static final class Watch implements AutoCloseable {
        private final HazelcastLines lines;
        private final String tag;
        private final Judge judge;

        private Watch(HazelcastLines lines, String tag, Judge judge) {
            this.lines = lines;
            this.tag = tag;
            this.judge = judge;
        }

        /** Stops judging; again is nothing. */
        @Override
        public void close() {
            lines.remove(this);
        }
    }

    /** Guarded by the class. */
    private static final Map<String, HazelcastLines> BY_LOGGER = new HashMap<>();

    /** Held: java.util.logging keeps loggers weakly, and a logger made again would lose the filter. */
    private final Logger logger;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final Filter filter = this::isLoggable;
    private volatile Filter before;

    private HazelcastLines(Logger logger) {
        this.logger = logger;
    }

    /**
     * Judges the lines of {@code loggerName} that name {@code hazelcastClusterName} (the member's
     * name as Hazelcast joins under it) from now on.
     */
    static Watch watch(String loggerName, String hazelcastClusterName, Judge judge) {
        synchronized (HazelcastLines.class) {
            HazelcastLines lines = BY_LOGGER.computeIfAbsent(loggerName, n -> new HazelcastLines(Logger.getLogger(n)));
            Watch w = new Watch(lines, "[" + hazelcastClusterName + "]", judge);
            if (lines.watches.isEmpty()) {
                lines.before = lines.logger.getFilter();
                lines.logger.setFilter(lines.filter);
            }
            lines.watches.add(w);
            return w;
        }
    }

    /** Runs {@code close} as the member that {@code config} starts shuts down: a watch lasts as long as its member. */
    static void untilShutdown(Config config, Runnable close) {
        config.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                close.run();
            }
        }));
    }

    private void remove(Watch w) {
        synchronized (HazelcastLines.class) {
            if (watches.remove(w) && watches.isEmpty() && logger.getFilter() == filter) {
                logger.setFilter(before);
                before = null;
            }
        }
    }

    private boolean isLoggable(LogRecord r) {
        Filter b = before;
        if (b != null && !b.isLoggable(r)) {
            return false;
        }
        String m = r.getMessage();
        if (m == null) {
            return true;
        }
        for (Watch w : watches) {
            if (m.contains(w.tag) && !w.judge.keep(r, m)) {
                return false;
            }
        }
        return true; // no watch of its member said otherwise: as Hazelcast wrote it
    }
}
