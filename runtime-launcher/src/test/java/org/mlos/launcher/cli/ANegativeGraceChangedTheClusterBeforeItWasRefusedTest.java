package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * Found by an outsider: {@code mlos scale cache +1 --grace-ms -5} started the new node, copied the
 * keys and put it on the ring, then failed on the grace ({@code timeout value is negative}),
 * leaving every moved key on the old node too (a deleted key came back at the next scale-in). A
 * negative grace is now refused before anything is looked at or changed.
 */
class ANegativeGraceChangedTheClusterBeforeItWasRefusedTest {

    @Test
    void aNegativeGraceIsRefusedFirst() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            // a cluster name no one runs: without the check, the command would go on to look for it
            rc = new CommandLine(new ScaleCommand()).execute("cache", "+1", "--grace-ms", "-5", "--name", "no-such-cluster-here");
        } finally {
            System.setErr(err);
        }
        String said = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, said);
        assertTrue(said.contains("--grace-ms must be 0 or more (milliseconds), not -5"), said);
    }
}
