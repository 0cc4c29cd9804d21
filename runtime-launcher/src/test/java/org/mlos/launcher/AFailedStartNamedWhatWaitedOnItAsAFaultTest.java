package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A web node given a bad bridge setting failed to start, and its report named, beside the
 * setting, the front component left waiting for the checked settings ("BridgeHttp has unsatisfied
 * references: …, settings"), as a second fault. What failed now comes first and what waits is
 * told as possibly waiting on it.
 */
class AFailedStartNamedWhatWaitedOnItAsAFaultTest {

    private static final String NL = System.lineSeparator();

    @Test
    void whatFailedComesFirstAndWhatWaitsIsToldAsPerhapsItsConsequence() {
        List<Readiness.Problem> problems = List.of(
                new Readiness.Problem("component BridgeHttp has unsatisfied references: settings", false),
                new Readiness.Problem(new ActivationFailure("FrontSettingsCheck", "IllegalArgumentException: bad")),
                new Readiness.Problem("bundle org.mlos.x is not active", false));
        assertEquals(" failed to start:" + NL
                + "  component FrontSettingsCheck failed to activate: IllegalArgumentException: bad" + NL
                + "  and, perhaps only because of that:" + NL
                + "    component BridgeHttp has unsatisfied references: settings" + NL
                + "    bundle org.mlos.x is not active", ReadyWait.report(problems, " not ready after 30 s:"));
    }

    @Test
    void aFailureAloneIsToldAlone() {
        assertEquals(" failed to start:" + NL + "  cluster join failed: refused",
                ReadyWait.report(List.of(new Readiness.Problem("cluster join failed: refused", true)), " not ready:"));
    }

    @Test
    void withNothingFailedEveryProblemIsToldUnderTheHeader() {
        assertEquals(" not ready after 30 s:" + NL + "  component A has unsatisfied references: b" + NL
                + "  component C is waiting for its configuration",
                ReadyWait.report(List.of(new Readiness.Problem("component A has unsatisfied references: b", false),
                        new Readiness.Problem("component C is waiting for its configuration", false)),
                        " not ready after 30 s:"));
    }
}
