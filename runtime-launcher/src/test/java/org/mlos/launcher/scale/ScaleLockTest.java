package org.mlos.launcher.scale;

import org.mlos.launcher.testing.LivePids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SupervisedNode;

/**
 * One scale operation at a time per profile: a second one (a manual {@code mlos scale} while the
 * supervisor carries out the autoscaler's request, or the other way round) is refused at once,
 * naming who is scaling; other profiles are not held; many threads racing for the lock never
 * hold it two at a time, and every one that was refused was refused clearly.
 */
@Timeout(60)
class ScaleLockTest {

    @TempDir
    Path root;

    /** Live node pids, ended after each test: this JVM is none (a listed pid counts as a node only if it runs the launcher). */
    @RegisterExtension
    final LivePids pids = new LivePids();

    @Test
    void aSecondScaleOfTheProfileIsRefusedNamingTheFirst() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "mlos");
        new FakeCheckout(root).profile("cache", true).profile("worker", true);
        files.write(List.of(new ClusterFiles.Entry(pids.node(), "cache", "x.log",
                new SupervisedNode("cache-1", "cache", List.of()))));
        LocalScaler scaler = new LocalScaler(new NodeLayout(root, "java"), files, 0, s -> { });
        try (ScaleLock held = ScaleLock.take(files, "cache", "the autoscaler's request 1234 (+1)")) {
            ScaleLock.Busy busy = assertThrows(ScaleLock.Busy.class, () -> scaler.change("cache", -2, "mlos scale"));
            assertTrue(busy.getMessage().contains("a scale of profile cache in cluster mlos is under way: the autoscaler's"
                    + " request 1234 (+1) since") && busy.getMessage().contains("try again"), busy.getMessage());
            try (ScaleLock other = ScaleLock.take(files, "worker", "mlos scale worker +1")) {
                assertTrue(Files.exists(files.dir().resolve("mlos-scale-worker.holder")), "another profile is not held");
            }
        }
        // released: the change goes on to its own checks
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scaler.change("cache", -2, "x"));
        assertTrue(e.getMessage().contains("cannot remove 2"), e.getMessage());
        assertTrue(!Files.exists(files.dir().resolve("mlos-scale-cache.holder")), "the holder note goes with the lock");
    }

    @Test
    void racingScalesNeverHoldTheLockTwoAtATime() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "race");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger won = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        int rounds = 500;
        for (int t = 0; t < 8; t++) {
            int me = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    try (ScaleLock l = ScaleLock.take(files, "cache", "thread " + me)) {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        won.incrementAndGet();
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                    } catch (ScaleLock.Busy b) {
                        if (b.getMessage().contains("under way")) {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, maxInside.get(), "never two scales of a profile at once");
        assertEquals(8 * rounds, won.get() + refused.get(), "every attempt either scaled or was refused clearly");
        assertTrue(won.get() > 0);
    }

    /**
     * A refused take in the process that holds the lock opened the lock file and closed it again,
     * and closing any descriptor of a file drops the process's lock on it: another process could
     * then scale beside the holder.
     */
    @Test
    void aRefusedTakeDoesNotLetAnotherProcessIn() throws Exception {
        ClusterFiles files = new ClusterFiles(Files.createDirectories(root.resolve("cluster")), "cross");
        try (ScaleLock held = ScaleLock.take(files, "cache", "the holder")) {
            assertThrows(ScaleLock.Busy.class, () -> ScaleLock.take(files, "cache", "a second take, same process"));
            assertEquals(3, takeInAnotherProcess(files.dir()), "another process took the lock the holder has");
        }
        assertEquals(0, takeInAnotherProcess(files.dir()), "once released, another process takes it");
    }

    /** Exit status of a JVM that tries the lock: 0 taken, 3 refused. */
    private static int takeInAnotherProcess(Path dir) throws Exception {
        Path jvm = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(jvm.toString(), "-cp", System.getProperty("java.class.path"), OtherProcess.class.getName(),
                dir.toString()).inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the other process did not end");
        return p.exitValue();
    }

    /** Takes the lock of profile cache in cluster cross, in the folder given. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            ClusterFiles files = new ClusterFiles(Path.of(args[0]), "cross");
            try (ScaleLock l = ScaleLock.take(files, "cache", "another process")) {
                System.exit(0);
            } catch (ScaleLock.Busy b) {
                System.exit(3);
            }
        }
    }
}
