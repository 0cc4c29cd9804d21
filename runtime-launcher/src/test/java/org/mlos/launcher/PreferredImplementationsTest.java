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
}
