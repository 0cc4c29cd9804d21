package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;

/**
 * {@code mlos run cache-standalone --set mlos.fault.durability=sync} (no folder) ended on
 * "component org.mlos.fault.durable.DurableStoreRegistrar failed to activate:
 * IllegalArgumentException: mlos.fault.durability=sync needs mlos.fault.dir=…": a class of ours and
 * a Java exception before the setting the operator gave. A refused setting is told in its own
 * words, the component after them; other failures as before.
 */
class ASettingRefusedAtActivationWasToldAsAJavaFailureTest {

    private static final String NL = System.lineSeparator();
    private static final String REFUSAL = "mlos.fault.durability=sync needs mlos.fault.dir=<folder>: the folder the store's"
            + " journal and checkpoints live in, kept across restarts";

    @Test
    void aRefusedSettingIsToldInItsOwnWordsFirst() {
        List<Readiness.Problem> problems = List.of(
                new Readiness.Problem("component org.mlos.net.memcached.server.MemcachedServer has unsatisfied references: store",
                        false),
                new Readiness.Problem(new ActivationFailure("org.mlos.fault.durable.DurableStoreRegistrar",
                        "IllegalArgumentException: " + REFUSAL)));
        assertEquals(" failed to start:" + NL
                + "  " + REFUSAL + " (refused by component org.mlos.fault.durable.DurableStoreRegistrar)" + NL
                + "  and, perhaps only because of that:" + NL
                + "    component org.mlos.net.memcached.server.MemcachedServer has unsatisfied references: store",
                ReadyWait.report(problems, " not ready after 30 s:"));
    }

    @Test
    void aSettingsCheckOfAnotherFormIsToldAlike() {
        assertEquals("framework property mlos.fault.checkpoint.s must be a whole number of at least 1, was 'x'; fix it"
                + " (refused by components A, B)",
                ActivationFailure.told(List.of("A", "B"), "IllegalArgumentException: framework property"
                        + " mlos.fault.checkpoint.s must be a whole number of at least 1, was 'x'; fix it"));
    }

    @Test
    void aFailureThatNamesNoSettingKeepsItsComponentAndException() {
        assertEquals("component MemcachedServer failed to activate: IOException: cannot listen on 127.0.0.1:11211",
                new ActivationFailure("MemcachedServer", "IOException: cannot listen on 127.0.0.1:11211").told());
        assertEquals("component X failed to activate: IllegalArgumentException: size must be positive",
                new ActivationFailure("X", "IllegalArgumentException: size must be positive").told(),
                "an argument of ours, not a setting the operator gave");
        assertEquals("component X failed to activate: IllegalArgumentException: org.mlos.mem.api.Item is not a record",
                new ActivationFailure("X", "IllegalArgumentException: org.mlos.mem.api.Item is not a record").told(),
                "a class of ours named, not a setting");
    }

    /** SCR's and the kernel's lines of the failure are held during the boot: the verdict tells it. */
    @Test
    void theLogLinesOfTheRefusalAreNotPrintedBesideTheVerdict() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ConsoleLog console = new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8));
        Logger scr = console.getLogger("scr");
        scr.error("bundle org.mlos.fault [org.mlos.fault.durable.DurableStoreRegistrar(12)] : The activate method has thrown"
                + " an exception", new IllegalArgumentException(REFUSAL));
        console.getLogger("org.mlos.core.osgi.ImplementationTracker").error("cannot install implementation durable of"
                + " KeyValueStore from bundle org.mlos.fault: its component failed to activate:"
                + " java.lang.IllegalArgumentException: " + REFUSAL, new IllegalStateException(REFUSAL));
        console.booted(": " + NL + "  " + new ActivationFailure("org.mlos.fault.durable.DurableStoreRegistrar",
                "IllegalArgumentException: " + REFUSAL).told());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }
}
