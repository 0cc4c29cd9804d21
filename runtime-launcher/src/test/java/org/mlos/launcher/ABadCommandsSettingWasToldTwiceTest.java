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
 * An outsider's trial: {@code --set mlos.bridge.commands=nosuchcmd,sha256sum} was told twice, in the
 * kernel's "ERROR: cannot install implementation exec of …: its component failed to activate: …"
 * and again in the launcher's verdict, where README says such a failure is told once. The kernel's
 * line is now held during the boot as SCR's is, and dropped when the verdict tells that reason.
 */
class ABadCommandsSettingWasToldTwiceTest {

    private static final String REASON = "mlos.bridge.commands: 'nosuchcmd' is not on this host's PATH (/usr/bin:/bin);"
            + " install it, or give its path: nosuchcmd=/path/to/nosuchcmd";
    private static final String KERNEL_LINE = "cannot install implementation exec of org.mlos.bridge.api.HostCommands from"
            + " bundle org.mlos.bridge: its component failed to activate: java.lang.IllegalArgumentException: " + REASON;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ConsoleLog console = new ConsoleLog(LogLevel.ERROR, new PrintStream(printed, true, StandardCharsets.UTF_8));

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private void kernelSaysIt() {
        Logger log = console.getLogger("org.mlos.core.osgi.ImplementationTracker");
        log.error(KERNEL_LINE, new IllegalStateException(KERNEL_LINE.substring(KERNEL_LINE.indexOf("its component"))));
    }

    @Test
    void theKernelsLineIsDroppedWhenTheVerdictTellsTheReason() {
        kernelSaysIt();
        assertEquals(List.of(), lines(), "held during the boot");
        console.booted(": " + new ActivationFailure("org.mlos.bridge.commands.AllowedCommands",
                "IllegalArgumentException: " + REASON).told());
        assertEquals(List.of(), lines());
    }

    @Test
    void theKernelsLineIsToldWhenTheVerdictIsAboutSomethingElse() {
        kernelSaysIt();
        console.booted(": bundle org.mlos.other failed to start: no disk");
        assertEquals(1, lines().size(), lines().toString());
        assertEquals("ERROR: " + KERNEL_LINE, lines().get(0));
    }

    @Test
    void aNodeThatStartsAnywayTellsTheKernelsLineBeforeItsReadyLine() {
        kernelSaysIt();
        console.booted(null);
        assertEquals(List.of("ERROR: " + KERNEL_LINE), lines());
    }
}
