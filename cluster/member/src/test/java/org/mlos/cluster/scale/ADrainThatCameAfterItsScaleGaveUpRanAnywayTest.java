package org.mlos.cluster.scale;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A node stopped ({@code kill -STOP}) with a scale's drain in its control socket drained itself
 * off the ring once resumed, though the scale had given up on it and said nothing was removed:
 * still listed, serving nothing. A drain that comes after the time it had to begin by
 * ({@code --by}) is refused now, before anything changes, saying why and what to do.
 */
class ADrainThatCameAfterItsScaleGaveUpRanAnywayTest {

    @Test
    void aDrainPastItsTimeIsRefusedBeforeAnythingChanges() {
        // no cluster, no member: a refusal that touched either would fail here with a NullPointerException
        String r = new ScaleCommands().execute(List.of("drain", "--leaving", "4711", "--grace-ms", "0", "--by",
                String.valueOf(System.currentTimeMillis() - 30_000)));
        assertTrue(r.startsWith("error: not draining: this drain came ") && r.contains(" ms after the time it had to begin by (past it, the scale that asked may give up on this node"), r);
        assertTrue(r.contains("this node stays on the ring. Run the scale again to remove it"), r);
    }

    @Test
    void aDrainInTimeOrWithoutATimeGoesOn() {
        assertDoesNotThrow(() -> ScaleCommands.refuseLate(System.currentTimeMillis() + 60_000));
        assertDoesNotThrow(() -> ScaleCommands.refuseLate(Long.MAX_VALUE));
    }
}
