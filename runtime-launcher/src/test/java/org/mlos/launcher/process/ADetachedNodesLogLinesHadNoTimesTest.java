package org.mlos.launcher.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local cluster's nodes write to log files an operator reads after the fact, and their lines
 * carried no time: a node started to a log file is given {@value NodeProcess#TIMED_LINES} (first,
 * so that the caller's own JVM options win), one whose output the caller reads is not.
 */
@Timeout(60)
class ADetachedNodesLogLinesHadNoTimesTest {

    @TempDir
    Path tmp;

    @Test
    void aNodeStartedToALogFileStampsItsLinesAndTheCallersOptionComesAfter() throws Exception {
        FakeCheckout checkout = new FakeCheckout(tmp.resolve("root")).profile("cache", true);
        try {
            NodeProcess detached = NodeProcess.startDetached(checkout.layout(), "cache", List.of(),
                    List.of("-Dmlos.log.time=false"), tmp.resolve("mlos-cache-1.log"));
            String words = checkout.commandLine(detached.awaitReady(Duration.ofSeconds(30)).pid());
            int timed = words.indexOf(NodeProcess.TIMED_LINES);
            assertTrue(timed >= 0 && timed < words.indexOf("-Dmlos.log.time=false"), words);
            detached.stop(Duration.ofSeconds(10));

            NodeProcess attached = NodeProcess.start(checkout.layout(), "cache", List.of(), List.of(), null);
            String plain = checkout.commandLine(attached.awaitReady(Duration.ofSeconds(30)).pid());
            assertFalse(plain.contains("mlos.log.time"), plain);
            attached.stop(Duration.ofSeconds(10));
        } finally {
            checkout.killAll();
        }
    }
}
