package org.mlos.cluster.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.scale.NodeLoad;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonArray;
import com.hazelcast.internal.json.JsonObject;

/**
 * {@code json autoscale status} and {@code json autoscale requests} answered {@code {"text": …}}: the
 * node had no JSON form of them, so the launcher parsed the text, a format it had to copy from here.
 * The node now writes the autoscaler's figures, rules, settings and requests itself, members named as
 * the launcher named them; the text is as it was.
 */
class AutoscaleJsonWasOnlyItsTextTest {

    private static final AutoscaleSettings SETTINGS = AutoscaleSettings.parse(List.of("high.ops=300", "low.ops=30.5",
            "samples=2", "cooldown.ms=10000"));
    private static final String WILL_NOT_LEAD = "will not lead: no journal here: mlos.fault.dir is not set";

    private final AutoscaleLoopTest.MemoryBoard board = new AutoscaleLoopTest.MemoryBoard();
    private final AutoscaleLoop loop = new AutoscaleLoop(
            List.of(new AutoscaleRule("cache", 1, 3), new AutoscaleRule("worker", 1, 2)), SETTINGS,
            board,
            () -> List.of(new NodeLoad("id1", "cache", 101, NodeLoad.SERVING, 0.1, 5000, 10, 0, Map.of(), false, 0),
                    new NodeLoad("id2", "worker", 102, NodeLoad.SERVING, 0.1, 100, 0, 0, Map.of(), false, 0)),
            () -> true, line -> { }, "5c1e-77");

    @Test
    void anAutoscalerThatIsOnTellsItsFiguresAsMembers() {
        loop.tick(0);
        loop.tick(1000); // the second high sample of cache: a request; worker holds
        LoopFigures figures = loop.status();
        assertEquals("autoscaler on leading=true node=5c1e-77 rules=[cache=1..3, worker=1..2] decisions=4 requests=1"
                + " outcomes=0 settings=high.ops=300.0,low.ops=30.5,high.cpu=0.8,low.cpu=0.3,high.queue=64.0,low.queue=1.0,"
                + "samples=2,cooldown.ms=10000,period.ms=1000,request.timeout.ms=300000,start.grace.ms=60000",
                AutoscaleStatus.of(figures, null).text(), "the text form as it was");

        JsonObject o = Json.parse(AutoscaleJson.status(AutoscaleStatus.of(figures, null))).asObject();
        assertEquals(List.of("on", "leading", "node", "rules", "decisions", "requests", "outcomes", "settings", "note"),
                o.names());
        assertTrue(o.get("on").asBoolean());
        assertTrue(o.get("leading").asBoolean());
        assertEquals("5c1e-77", o.get("node").asString());
        JsonArray rules = o.get("rules").asArray();
        assertEquals(2, rules.size());
        assertEquals("worker", rules.get(1).asObject().get("profile").asString());
        assertEquals(1, rules.get(1).asObject().get("min").asInt());
        assertEquals(2, rules.get(1).asObject().get("max").asInt());
        assertEquals(4, o.get("decisions").asLong());
        assertEquals(1, o.get("requests").asLong());
        assertEquals(0, o.get("outcomes").asLong());
        assertTrue(o.get("note").isNull());
    }

    @Test
    void settingsAreEveryOneByNameAsNumbers() {
        JsonObject settings = Json.parse(AutoscaleJson.status(AutoscaleStatus.of(loop.status(), null))).asObject()
                .get("settings").asObject();
        assertEquals(AutoscaleSettings.NAMES, settings.names(), "a setting added to AutoscaleSettings is missing here");
        // thresholds as the text writes them: the node's JSON writer writes no fractions
        assertEquals(300.0, settings.get("high.ops").asDouble());
        assertEquals(30.5, settings.get("low.ops").asDouble());
        assertEquals(0.8, settings.get("high.cpu").asDouble());
        assertEquals(2, settings.get("samples").asLong());
        assertEquals(10_000, settings.get("cooldown.ms").asLong());
        assertEquals(1000, settings.get("period.ms").asLong());
        assertEquals(300_000, settings.get("request.timeout.ms").asLong());
    }

    @Test
    void aNodeThatWillNotLeadSaysWhyInTheNote() {
        AutoscaleStatus s = AutoscaleStatus.of(loop.status(), WILL_NOT_LEAD);
        assertTrue(s.text().startsWith("autoscaler on leading=false node=5c1e-77 ") && s.text().endsWith(" (" + WILL_NOT_LEAD
                + ")"), s.text());
        JsonObject o = Json.parse(AutoscaleJson.status(s)).asObject();
        assertFalse(o.get("leading").asBoolean());
        assertEquals(WILL_NOT_LEAD, o.get("note").asString());
    }

    @Test
    void offAndUnreadableHaveEveryMemberNullWhereNothingIsKnown() {
        AutoscaleStatus off = AutoscaleStatus.off("mlos.autoscale not set");
        assertEquals("autoscaler off on this node (mlos.autoscale not set)", off.text());
        assertEquals("{\"on\":false,\"leading\":false,\"node\":null,\"rules\":[],\"decisions\":null,\"requests\":null,"
                + "\"outcomes\":null,\"settings\":null,\"note\":\"mlos.autoscale not set\"}", AutoscaleJson.status(off));

        AutoscaleStatus unreadable = AutoscaleStatus.unreadable("status unreadable: java.util.concurrent.TimeoutException");
        assertEquals("autoscaler on, status unreadable: java.util.concurrent.TimeoutException", unreadable.text());
        assertEquals("{\"on\":true,\"leading\":null,\"node\":null,\"rules\":null,\"decisions\":null,\"requests\":null,"
                + "\"outcomes\":null,\"settings\":null,\"note\":\"status unreadable: java.util.concurrent.TimeoutException\"}",
                AutoscaleJson.status(unreadable));
    }

    @Test
    void requestsAreTheirFieldsAndNoneAnEmptyList() {
        assertEquals("{\"requests\":[]}", AutoscaleJson.requests(List.of()));
        List<ScaleRequest> pending = List.of(new ScaleRequest("6f0c-1", "cache", 1, "decision …", "5c1e-77", 1764496806623L),
                new ScaleRequest("7a1d-2", "worker", -1, "decision …", "5c1e-77", 1764496807000L));
        JsonArray requests = Json.parse(AutoscaleJson.requests(pending)).asObject().get("requests").asArray();
        assertEquals(2, requests.size());
        JsonObject first = requests.get(0).asObject();
        assertEquals(List.of("id", "profile", "change", "atMillis"), first.names());
        assertEquals("6f0c-1", first.get("id").asString());
        assertEquals("cache", first.get("profile").asString());
        assertEquals(1, first.get("change").asInt());
        assertEquals(1764496806623L, first.get("atMillis").asLong());
        assertEquals(-1, requests.get(1).asObject().get("change").asInt());
    }
}
