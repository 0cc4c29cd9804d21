package org.mlos.cluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.wire.Wire;
import org.mlos.core.api.SwapOutcome;

class TaskResultTest {

    @Test
    void aResultTravelsAndComesBackTheSame() {
        for (TaskOutcome o : TaskOutcome.values()) {
            TaskResult sent = new TaskResult(o, 42, o.ok() ? null : "why", "heap");
            Wire.Reader r = new Wire.Reader(sent.write(new Wire.Writer()).bytes());
            assertEquals(sent, TaskResult.read(r));
            r.end();
        }
    }

    @Test
    void anOutcomeThisNodeDoesNotKnowIsMalformedNotATypoThatPasses() {
        byte[] typo = new Wire.Writer().string("COMPLETD").number(1).string(null).string(null).bytes();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskResult.read(new Wire.Reader(typo)));
        assertTrue(e.getMessage().contains("unknown outcome COMPLETD"), e.getMessage());
        byte[] none = new Wire.Writer().string(null).number(1).string(null).string(null).bytes();
        assertThrows(IllegalArgumentException.class, () -> TaskResult.read(new Wire.Reader(none)));
    }

    @Test
    void aForcedSwapSwitchedButIsNotOkSoAnAtomicSwapUndoesIt() {
        // A kernel swap that lost the old state (FORCED) runs the new implementation: an atomic
        // swap that aborts must take it back like a completed one (it used to be left behind).
        assertTrue(TaskOutcome.of(SwapOutcome.FORCED).switched());
        assertFalse(TaskOutcome.of(SwapOutcome.FORCED).ok());
        assertTrue(TaskOutcome.of(SwapOutcome.COMPLETED).switched());
        assertFalse(TaskOutcome.of(SwapOutcome.ROLLED_BACK).switched());
        assertFalse(TaskOutcome.REFUSED.switched());
        for (SwapOutcome s : SwapOutcome.values()) {
            assertEquals(s.switched(), TaskOutcome.of(s).switched(), s.name());
        }
    }
}
