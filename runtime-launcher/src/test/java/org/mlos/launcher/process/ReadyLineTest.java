package org.mlos.launcher.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ReadyLineTest {

    @Test
    void aClusterNodeServesBeforeItHasJoinedAndTheJoinedLineCompletesIt() {
        ReadyLine ready = ReadyLine.parse("mlos: ready profile=cache bundles=35 boot_ms=812 serving_ms=812 joined_ms=pending"
                + " rss_kb=148184 pid=4711 endpoints=memcached://127.0.0.1:11211");
        assertEquals(812, ready.servingMs());
        assertEquals(812, ready.bootMs());
        assertTrue(ready.joinPending());
        assertEquals(-1, ready.joinedMs());
        assertEquals(11211, ready.port("memcached"));

        assertNull(ready.joined("mlos: ready profile=cache bundles=35 boot_ms=812"), "not a joined line");
        ReadyLine joined = ready.joined("mlos: joined profile=cache joined_ms=2410 pid=4711"
                + " endpoints=memcached://127.0.0.1:11211,mlos-remote://127.0.0.1:38141");
        assertFalse(joined.joinPending());
        assertEquals(2410, joined.joinedMs());
        assertEquals(812, joined.servingMs());
        assertEquals(Map.of("memcached", "127.0.0.1:11211", "mlos-remote", "127.0.0.1:38141"), joined.endpoints());
    }

    @Test
    void aNodeThatJoinsNoClusterHasNoJoinedFigure() {
        ReadyLine ready = ReadyLine.parse("mlos: ready profile=minimal bundles=5 boot_ms=150 serving_ms=150 rss_kb=70000 pid=9");
        assertFalse(ready.joinPending());
        assertEquals(-1, ready.joinedMs());
        assertEquals(150, ready.servingMs());
    }

    @Test
    void aNodeThatJoinedBeforeItCouldServeSaysWhen() {
        ReadyLine ready = ReadyLine.parse("mlos: ready profile=cache bundles=35 boot_ms=2900 serving_ms=2900 joined_ms=2650 pid=9");
        assertFalse(ready.joinPending());
        assertEquals(2650, ready.joinedMs());
    }

    @Test
    void anOlderReadyLineWithoutServingMsReadsBootMsAsServing() {
        ReadyLine ready = ReadyLine.parse("mlos: ready profile=cache bundles=32 boot_ms=2958 rss_kb=228056 pid=4711");
        assertEquals(2958, ready.servingMs());
        assertNull(ReadyLine.parse("mlos: error: profile cache failed"));
    }

    /** Regression: cluster up --dashboard's node lines named /metrics, not the page an operator opens. */
    @Test
    void aClustersNodeLineNamedTheMetricsEndpointNotTheDashboard() {
        ReadyLine ready = ReadyLine.parse("mlos: ready profile=cache bundles=35 boot_ms=812 pid=9"
                + " endpoints=memcached://127.0.0.1:11211,http://127.0.0.1:40111/metrics");
        assertEquals(" http://127.0.0.1:40111/metrics dashboard=http://127.0.0.1:40111/ memcached://127.0.0.1:11211",
                ready.urls());
    }
}
