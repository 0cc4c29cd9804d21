package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * the loggers of Hazelcast's operations off, and only for as long as a shutdown of that kind lasts;
 * the partitions' loggers stay on. A fake member stands in: that a real one's lines come from
 * those loggers within its shutdown is HostedBridgeIT's to show (a web node failing to start
 * while it joins a running cluster).
 */
class AMemberStoppedWhileJoiningLoggedEachStepItCutTest {

    private static final String CUT_STEP = "com.hazelcast.spi.impl.proxyservice.impl.operations.PostJoinProxyOperation";
    private static final String PARTITIONS = "com.hazelcast.internal.partition.impl.MigrationManager";
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
                    Logger.getLogger(PARTITIONS).warning("partitions lost meanwhile");
                    shutdowns.incrementAndGet();
                    return null;
                });
    }

    @Test
    void theCutStepsAreNotLoggedAndLoggingIsBackAfter() {
        AtomicInteger shutdowns = new AtomicInteger();
        ShutdownNoise.shutDownQuietly(memberLoggingOnShutdown(shutdowns));
        assertEquals(1, shutdowns.get());
        assertEquals(List.of("partitions lost meanwhile"), seen.stream().map(LogRecord::getMessage).toList(),
                "the cut step is dropped, what the partitions say is kept");
        seen.clear();
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
        assertEquals(4000, seen.size(), "a cut step was logged while a member was being shut down, or a partition's line lost");
        assertTrue(seen.stream().allMatch(r -> r.getMessage().equals("partitions lost meanwhile")));
        Logger.getLogger(CUT_STEP).warning("a member's own warning, later");
        assertEquals(4001, seen.size(), "the operations' loggers are on again");
    }
}
