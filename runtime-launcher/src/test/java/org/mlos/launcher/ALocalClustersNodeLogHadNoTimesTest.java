package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.Logger;

/**
 * An outsider tracing connections in a cluster node's log file could not tell when anything was
 * logged: the lines carried no time. With {@value ConsoleLog#TIME_PROPERTY}=true (what a local
 * cluster's nodes are started with) each line starts with it; without, the lines are as before.
 */
class ALocalClustersNodeLogHadNoTimesTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aTimedLineStartsWithItsTimeInUtcToTheMillisecond() {
        Clock fixed = Clock.fixed(Instant.parse("2026-12-06T15:30:01.123456Z"), ZoneOffset.UTC);
        ConsoleLog console = new ConsoleLog(LogLevel.INFO, err, fixed);
        console.booted(null);
        console.getLogger(Logger.ROOT_LOGGER_NAME).warn("refused a connection from {}", "127.0.0.1:40112");
        assertEquals(List.of("2026-12-06T15:30:01.123Z WARN: refused a connection from 127.0.0.1:40112"), lines());
    }

    @Test
    void thePropertyTurnsTheTimeOnAndAWrongValueIsToldAndLeavesItOff() {
        ConsoleLog timed = ConsoleLog.forProperties("info", "true", err);
        timed.booted(null);
        timed.print(LogLevel.INFO, "on", null);
        assertTrue(lines().get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z INFO: on"), lines().toString());

        printed.reset();
        ConsoleLog wrong = ConsoleLog.forProperties("info", "yes", err);
        wrong.booted(null);
        wrong.print(LogLevel.INFO, "off", null);
        assertEquals(List.of("mlos run: warning: mlos.log.time=yes is neither true nor false: lines without the time",
                "INFO: off"), lines());

        printed.reset();
        ConsoleLog unset = ConsoleLog.forProperties("info", null, err);
        unset.booted(null);
        unset.print(LogLevel.INFO, "plain", null);
        assertEquals(List.of("INFO: plain"), lines());
    }
}
