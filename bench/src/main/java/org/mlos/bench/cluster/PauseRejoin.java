package org.mlos.bench.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.mlos.launcher.process.NodeProcess;

/** A node paused (SIGSTOP) longer than failure detection, resumed: how soon the others list it again. */
final class PauseRejoin {

    private PauseRejoin() {
    }

    /** Milliseconds from SIGCONT until {@code via} lists {@code paused} again. */
    static long measure(NodeProcess via, NodeProcess paused, Duration pause) throws Exception {
        signal("STOP", paused.pid());
        long resumed;
        try {
            Thread.sleep(pause.toMillis());
        } finally {
            signal("CONT", paused.pid());
            resumed = System.nanoTime();
        }
        long deadline = resumed + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (listed(via, paused.pid())) {
                return (System.nanoTime() - resumed) / 1_000_000;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the paused node was not listed again within 180 s of resuming");
    }

    private static boolean listed(NodeProcess via, long pid) throws IOException {
        for (String line : via.request("cluster nodes --lines").split("\n")) {
            if (line.contains(" pid=" + pid + " ")) {
                return true;
            }
        }
        return false;
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }
}
