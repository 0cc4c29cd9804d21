package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PreferredImplementationsTest {

    @Test
    void onlyKindSettingsWithAnImplementationCount() {
        assertTrue(PreferredImplementations.of(Map.of("mlos.port", "11211", "mlos.kind.", "x", "mlos.kind.Scheduler", " ")).isEmpty());
        assertFalse(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "durable")).isEmpty());
    }

    @Test
    void aKindsStandInRuleIsNoImplementationToWaitFor() {
        // a durable node's mlos.kind.KeyValueStore.standin=false read as kind "KeyValueStore.standin", impl "false", would hold its boot
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore.standin", "false")).isEmpty());
    }
}
