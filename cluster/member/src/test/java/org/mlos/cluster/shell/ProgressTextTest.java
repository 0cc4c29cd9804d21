package org.mlos.cluster.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.ClusterProgress;
import org.mlos.cluster.api.ClusterProgress.NodeProgress;
import org.mlos.cluster.api.ClusterProgress.State;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonObject;

/** {@code cluster progress}: the lines a waiting command polls, the table people read, and the JSON for scripts. */
class ProgressTextTest {

    private static final ClusterProgress SWAP = new ClusterProgress("swap", "KeyValueStore -> lru (rolling)", "swap",
            1_700_000_000_000L, 1_900, List.of(
                    new NodeProgress("58f04565-301e", "cache", State.IN_FLIGHT, null, 0, null,
                            "swap KeyValueStore heap -> lru: pre-copy pass 1, 8,192/20,000 entries, 2.0 s"),
                    new NodeProgress("b3c0acd2-3e8d", "cache", State.DONE, "COMPLETED", 8, null, null),
                    new NodeProgress("c0ffee00-0000", "store", State.PENDING, null, 0, null, null)));

    @Test
    void thePolledLinesAreTheSummaryAndTheNodesDoneAndNothingWhenIdle() {
        assertEquals("swap KeyValueStore -> lru (rolling): swap, 1/3 nodes done, 1 in flight, 1 pending, 1.9 s;"
                + " 58f04565: pre-copy pass 1, 8,192/20,000 entries, 2.0 s\n"
                + "  b3c0acd2-3e8d (cache) swap: COMPLETED 8 ms\n", ProgressText.render(List.of(SWAP), true));
        assertEquals("", ProgressText.render(List.of(), true));
        assertEquals("no cluster operation under way on this member\n", ProgressText.render(List.of(), false));
    }

    @Test
    void theTableHasALinePerNodeWhateverItsState() {
        List<String> lines = ProgressText.render(List.of(SWAP), false).lines().toList();
        assertEquals(4, lines.size(), lines.toString());
        assertEquals(true, lines.get(1).matches("  58f04565-301e +cache +in flight: swap KeyValueStore heap -> lru: .*"),
                lines.get(1));
        assertEquals(true, lines.get(2).matches("  b3c0acd2-3e8d +cache +COMPLETED 8 ms"), lines.get(2));
        assertEquals(true, lines.get(3).matches("  c0ffee00-0000 +store +pending"), lines.get(3));
    }

    @Test
    void theJsonCarriesEveryNodeWithItsStateAndDetail() {
        JsonObject op = Json.parse(ClusterJson.progress(List.of(SWAP))).asObject().get("operations").asArray().get(0)
                .asObject();
        assertEquals("swap", op.get("operation").asString());
        assertEquals("swap", op.get("phase").asString());
        assertEquals(SWAP.toLine(), op.get("line").asString());
        JsonObject first = op.get("nodes").asArray().get(0).asObject();
        assertEquals("IN_FLIGHT", first.get("state").asString());
        assertEquals(SWAP.nodes().get(0).detail(), first.get("detail").asString());
        JsonObject second = op.get("nodes").asArray().get(1).asObject();
        assertEquals("COMPLETED", second.get("outcome").asString());
        assertEquals(8, second.get("millis").asLong());
        assertEquals(0, Json.parse(ClusterJson.progress(List.of())).asObject().get("operations").asArray().size());
    }
}
