package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * {@code cluster up} printed nothing between starting a node and its ready line, which on a busy
 * machine is many seconds: its per-node progress line is pinned here (which node of how many, the
 * pid, booting or already serving and joining, the time with a decimal point in any locale).
 */
class ClusterUpLinesTest {

    @Test
    void aBootingNodeIsNamedWithItsPlaceAmongTheNodesAndItsPid() {
        assertEquals("cluster up: cache-1 (1/3), pid 4711: booting, 1.0 s",
                ClusterStart.bootingLine("cache-1", 1, 3, 4711, false, 1_000_000_000L));
    }

    @Test
    void aServingNodeIsJoiningTheCluster() {
        assertEquals("cluster up: worker-2 (3/3), pid 12: serving, joining the cluster, 2.5 s",
                ClusterStart.bootingLine("worker-2", 3, 3, 12, true, 2_549_000_000L));
    }

    @Test
    void theTimeKeepsItsDecimalPointInALocaleWithADecimalComma() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertEquals("cluster up: cache-2 (2/2), pid 7: booting, 12.3 s",
                    ClusterStart.bootingLine("cache-2", 2, 2, 7, false, 12_340_000_000L));
        } finally {
            Locale.setDefault(before);
        }
    }
}
