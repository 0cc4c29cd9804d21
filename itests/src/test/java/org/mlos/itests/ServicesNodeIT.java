package org.mlos.itests;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.OffHeapAllocator;
import org.mlos.mem.api.OffHeapBlock;
import org.mlos.sched.api.Scheduler;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The services profile, every implementation installed: each kind is swapped through all its
 * implementations by Gogo command while callers use it, and nothing is lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServicesNodeIT {

    @Inject
    private Kernel kernel;

    @Inject
    private KeyValueStore store;

    @Inject
    private OffHeapAllocator allocator;

    @Inject
    private Scheduler scheduler;

    @Inject
    private CommandProcessor shell;

    @Configuration
    public Option[] config() {
        return options(ItestOptions.profile("services"), ItestOptions.common(),
                ItestOptions.copied("org.apache.felix.gogo.runtime.jar"));
    }

    private String gogo(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true);
        CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            return String.valueOf(session.execute(command));
        } finally {
            session.close();
        }
    }

    /** Swaps a kind through every implementation by Gogo command, while {@code load} runs in three threads. */
    private void cycle(String kind, String[] impls, Runnable load) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        load.run();
                    } catch (Throwable t) {
                        failures.add(t);
                        return;
                    }
                }
            }));
        }
        for (String impl : impls) {
            Thread.sleep(50);
            String reply = gogo("mlos:swap " + kind + " " + impl);
            assertTrue(reply, reply.startsWith("COMPLETED"));
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertTrue("calls failed: " + failures, failures.isEmpty());
        assertEquals(impls[impls.length - 1], kernel.kind(kind).orElseThrow().active());
    }

    @Test
    public void everyImplementationIsInstalledAndTheProfileDefaultsServe() {
        // each test swaps a kind through all its implementations and ends on the profile default
        assertEquals("heap", kernel.kind("KeyValueStore").orElseThrow().active());
        assertEquals("pool", kernel.kind("OffHeapAllocator").orElseThrow().active());
        assertEquals("pool", kernel.kind("Scheduler").orElseThrow().active());
        assertEquals(List.of("heap", "log", "lru", "slab"), kernel.kind("KeyValueStore").orElseThrow().candidates());
        assertEquals(List.of("arena", "pool"), kernel.kind("OffHeapAllocator").orElseThrow().candidates());
        assertEquals(List.of("loops", "pool", "virtual"), kernel.kind("Scheduler").orElseThrow().candidates());
    }

    @Test
    public void storeSwapsKeepEveryEntry() throws Exception {
        for (int i = 0; i < 2_000; i++) {
            store.set("k" + i, ("v" + i).getBytes(US_ASCII), i, KeyValueStore.NEVER);
        }
        store.set("counter", "0".getBytes(US_ASCII), 0, KeyValueStore.NEVER);
        AtomicLong acked = new AtomicLong();
        cycle("KeyValueStore", new String[] { "slab", "log", "lru", "heap", "log", "slab", "heap" }, () -> { // default: heap
            store.increment("counter", 1);
            acked.incrementAndGet();
            int i = ThreadLocalRandom.current().nextInt(2_000);
            String v = new String(store.get("k" + i).value(), US_ASCII);
            if (!v.equals("v" + i)) {
                throw new AssertionError("k" + i + " = " + v);
            }
        });
        assertEquals(acked.get(), Long.parseLong(new String(store.get("counter").value(), US_ASCII)));
        assertEquals(2_001, store.size());
    }

    @Test
    public void allocatorSwapsLeakNothing() throws Exception {
        ThreadLocal<ArrayDeque<OffHeapBlock>> mine = ThreadLocal.withInitial(ArrayDeque::new);
        List<ArrayDeque<OffHeapBlock>> all = new java.util.concurrent.CopyOnWriteArrayList<>();
        cycle("OffHeapAllocator", new String[] { "arena", "pool", "arena", "pool" }, () -> { // profile default: pool
            ArrayDeque<OffHeapBlock> blocks = mine.get();
            if (blocks.isEmpty()) {
                all.add(blocks);
            }
            if (blocks.size() < 50) {
                blocks.add(allocator.allocate(ThreadLocalRandom.current().nextInt(1, 4_000)));
            } else {
                allocator.free(blocks.poll());
            }
        });
        for (ArrayDeque<OffHeapBlock> blocks : all) {
            blocks.forEach(allocator::free);
        }
        assertEquals(0, allocator.stats().outstandingBlocks());
    }

    @Test
    public void schedulerSwapsRunEveryTaskOnce() throws Exception {
        AtomicLong submitted = new AtomicLong();
        AtomicLong ran = new AtomicLong();
        cycle("Scheduler", new String[] { "loops", "virtual", "pool", "loops", "pool" }, () -> { // profile default: pool
            long n = submitted.incrementAndGet();
            if ((n & 1) == 0) {
                scheduler.execute(n % 16, ran::incrementAndGet);
            } else {
                scheduler.execute(ran::incrementAndGet);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ran.get() < submitted.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(submitted.get(), ran.get());
    }
}
