package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.hazelcast.core.HazelcastInstance;

/**
 * A node that failed to start while its member joined a running cluster printed its error, then
 * up to ten lines of Hazelcast's, one for each post-join step the member's stop cut ("Cannot
 * create proxy [...]!: Hazelcast instance is not active!"). Such a member is now shut down with
 * Hazelcast's logging off, and only for as long as a shutdown of that kind lasts.
 */
class AMemberStoppedWhileJoiningLoggedEachStepItCutTest {

    private static final String CUT_STEP = "com.hazelcast.spi.impl.proxyservice.impl.operations.PostJoinProxyOperation";
    private final Logger hazelcast = Logger.getLogger("com.hazelcast");
    private final List<LogRecord> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            seen.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        hazelcast.addHandler(capture);
        hazelcast.setUseParentHandlers(false);
        hazelcast.setLevel(Level.INFO);
    }

    @AfterEach
    void stopListening() {
        hazelcast.removeHandler(capture);
        hazelcast.setUseParentHandlers(true);
        hazelcast.setLevel(null);
    }

    /** A member whose shutdown logs what Hazelcast logs when it cuts a post-join step. */
    private static HazelcastInstance memberLoggingOnShutdown(AtomicInteger shutdowns) {
        return (HazelcastInstance) Proxy.newProxyInstance(HazelcastInstance.class.getClassLoader(),
                new Class<?>[] { HazelcastInstance.class }, (p, m, a) -> {
                    if (!m.getName().equals("shutdown")) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    Logger.getLogger(CUT_STEP).log(Level.SEVERE, "Cannot create proxy [hz:impl:mapService:mlos.nodes]!",
                            new IllegalStateException("Hazelcast instance is not active!"));
                    shutdowns.incrementAndGet();
                    return null;
                });
    }

    @Test
    void theCutStepsAreNotLoggedAndLoggingIsBackAfter() {
        AtomicInteger shutdowns = new AtomicInteger();
        ShutdownNoise.shutDownQuietly(memberLoggingOnShutdown(shutdowns));
        assertEquals(1, shutdowns.get());
        assertEquals(List.of(), seen.stream().map(LogRecord::getMessage).toList());
        assertEquals(Level.INFO, hazelcast.getLevel(), "the level before the shutdown is back");
        Logger.getLogger(CUT_STEP).warning("a member's own warning, later");
        assertEquals(1, seen.size());
    }

    @Test
    void shutdownsAtOnceLeaveTheLevelAsItWas() throws Exception {
        AtomicInteger shutdowns = new AtomicInteger();
        HazelcastInstance member = memberLoggingOnShutdown(shutdowns);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        ShutdownNoise.shutDownQuietly(member);
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(4000, shutdowns.get());
        assertEquals(0, seen.size(), "a cut step was logged while a member was being shut down");
        assertEquals(Level.INFO, hazelcast.getLevel());
    }
}
