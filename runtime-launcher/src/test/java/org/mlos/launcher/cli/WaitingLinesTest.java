package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A long swap or rollout printed nothing until the node answered: it looked hung. */
class WaitingLinesTest {

    private static List<String> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aLongRequestPrintsWhatItWaitsForUntilTheReplyComesThenNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(out, true, StandardCharsets.UTF_8);
        WaitingLines waiting = WaitingLines.every(Duration.ofMillis(5), "swap of KeyValueStore to lru", err);
        while (lines(out).size() < 3) {
            Thread.sleep(5);
        }
        waiting.close();
        List<String> atClose = lines(out);
        for (String line : atClose) {
            assertTrue(line.matches("mlos:   swap of KeyValueStore to lru: waiting for the reply \\(\\d+s\\)"), line);
        }
        Thread.sleep(50);
        assertEquals(atClose, lines(out), "no line after the reply");
    }
}
