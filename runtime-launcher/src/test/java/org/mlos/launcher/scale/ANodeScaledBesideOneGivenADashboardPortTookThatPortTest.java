package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code mlos cluster up --nodes cache=1 --dashboard --set mlos.metrics.port=9100}, then {@code mlos
 * scale cache +1}: the new node, started like the first, was given 9100 too and failed to listen.
 * It takes a free port, and the scale says so.
 */
class ANodeScaledBesideOneGivenADashboardPortTookThatPortTest {

    @Test
    void theNewNodeTakesAFreePortAndTheScaleSaysWhy() {
        List<String> lines = new ArrayList<>();
        List<String> like = List.of("--dashboard", "--set", "mlos.cluster.name=c", "--set", "mlos.metrics.port=9100");
        assertEquals(List.of("--dashboard", "--set", "mlos.cluster.name=c"), LocalScaler.withFreeMetricsPort(like, "cache-1",
                lines));
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("mlos.metrics.port=9100 is cache-1's"), lines.get(0));
    }

    @Test
    void aFreePortOrNoneIsLeftAsGiven() {
        List<String> lines = new ArrayList<>();
        List<String> free = List.of("--dashboard", "--set", "mlos.metrics.port=0");
        assertEquals(free, LocalScaler.withFreeMetricsPort(free, "cache-1", lines));
        List<String> none = List.of("--dashboard");
        assertEquals(none, LocalScaler.withFreeMetricsPort(none, "cache-1", lines));
        assertEquals(List.of(), lines);
    }
}
