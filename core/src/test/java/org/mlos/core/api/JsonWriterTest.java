package org.mlos.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class JsonWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedContainersAreSeparatedAndClosedAsAParserReadsThem() throws Exception {
        String doc = new JsonWriter().object().field("a", 1).name("b").array().value("x").object().end().array().end()
                .value(true).end().field("c", (String) null).name("d").object().end().end().toString();
        JsonNode n = JSON.readTree(doc);
        assertEquals(1, n.get("a").asInt());
        assertEquals(4, n.get("b").size());
        assertEquals("x", n.get("b").get(0).asText());
        assertEquals(true, n.get("b").get(3).asBoolean());
        assertEquals(true, n.get("c").isNull());
        assertEquals(0, n.get("d").size());
    }

    @Test
    void stringsWithQuotesBackslashesAndControlCharactersRoundTrip() throws Exception {
        String nasty = "a\"b\\c\nd\te\u0001f\u00e9\u2028 {\"x\":]";
        String doc = new JsonWriter().object().field(nasty, nasty).end().toString();
        assertEquals(nasty, JSON.readTree(doc).get(nasty).asText());
    }

    /** Autoscale thresholds went out as strings ("2000.0"): the writer had no fractions. */
    @Test
    void fractionsAreNumbersAndWhatJsonCannotHoldIsNull() throws Exception {
        String doc = new JsonWriter().object().field("t", 2000.0).field("r", 0.8).field("big", 1e21)
                .field("nan", Double.NaN).field("inf", Double.NEGATIVE_INFINITY).end().toString();
        JsonNode n = JSON.readTree(doc);
        assertEquals(2000.0, n.get("t").asDouble());
        assertEquals(true, n.get("t").isNumber());
        assertEquals(0.8, n.get("r").asDouble());
        assertEquals(1e21, n.get("big").asDouble());
        assertEquals(true, n.get("nan").isNull());
        assertEquals(true, n.get("inf").isNull());
    }

    @Test
    void misuseIsRefusedRatherThanWrittenAsBrokenJson() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().object().value(1));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().array().name("x"));
        assertThrows(IllegalStateException.class, () -> new JsonWriter().object().toString());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().end());
        assertThrows(IllegalStateException.class, () -> new JsonWriter().object().name("x").end());
    }

    @Test
    void kindsAndReportsCarryEveryField() throws Exception {
        JsonNode kinds = JSON.readTree(KernelJson.kinds(List.of(
                new KindInfo("org.x.Store", "heap", List.of("heap", "slab"), -1, 2, false, true))));
        JsonNode k = kinds.get("kinds").get(0);
        assertEquals("Store", k.get("simpleName").asText());
        assertEquals("heap", k.get("active").asText());
        assertEquals(List.of("heap", "slab"), List.of(k.get("candidates").get(0).asText(), k.get("candidates").get(1).asText()));
        assertEquals(-1, k.get("calls").asLong());
        assertEquals(2, k.get("swaps").asInt());

        SwapReport r = SwapReport.builder("org.x.Store").from("heap").to("slab").trigger("request").format("mlos.entries")
                .mode("live").moved(10, 100).outcome(SwapOutcome.ROLLED_BACK, SwapStep.IMPORT, "said \"no\"").build();
        JsonNode h = JSON.readTree(KernelJson.history(List.of(r, r))).get("history");
        assertEquals(2, h.size());
        assertEquals("ROLLED_BACK", h.get(1).get("outcome").asText());
        assertEquals("IMPORT", h.get(1).get("failedStep").asText());
        assertEquals("said \"no\"", h.get(1).get("reason").asText());
        assertEquals(10, h.get(1).get("entries").asLong());
        assertEquals("request", JSON.readTree(KernelJson.report(r)).get("trigger").asText());
        assertEquals("boom", JSON.readTree(KernelJson.error("boom")).get("error").asText());
    }

    @Test
    void swapsUnderWayCarryEveryFieldAndTheLinePeopleRead() throws Exception {
        SwapProgress p = new SwapProgress("org.x.KeyValueStore", "heap", "slab", "request", "live",
                SwapProgress.Phase.PRE_COPY, 2, 412_000, 1_000_000, "entries", 1_700_000_000_000L, 3_140);
        assertEquals("swap KeyValueStore heap -> slab: pre-copy pass 2, 412,000/1,000,000 entries, 3.1 s", p.toLine());
        JsonNode s = JSON.readTree(KernelJson.swaps(List.of(p))).get("swaps").get(0);
        assertEquals("org.x.KeyValueStore", s.get("kind").asText());
        assertEquals("KeyValueStore", s.get("simpleName").asText());
        assertEquals("PRE_COPY", s.get("phase").asText());
        assertEquals(2, s.get("pass").asInt());
        assertEquals(412_000, s.get("done").asLong());
        assertEquals(1_000_000, s.get("total").asLong());
        assertEquals("entries", s.get("unit").asText());
        assertEquals(3_140, s.get("elapsedMillis").asLong());
        assertEquals(p.toLine(), s.get("line").asText());
        assertEquals(0, JSON.readTree(KernelJson.swaps(List.of())).get("swaps").size());
        assertEquals("no swap under way", KernelText.swaps(List.of()));
        assertEquals("", KernelText.lines(List.of()));

        SwapProgress quiescing = new SwapProgress("org.x.KeyValueStore", "heap", "slab", "request", "live",
                SwapProgress.Phase.QUIESCING, 0, 0, -1, "entries", 0, 40);
        assertEquals("swap KeyValueStore heap -> slab: quiescing, 0.0 s", quiescing.toLine());
        SwapProgress replay = new SwapProgress("org.x.KeyValueStore", "heap", "slab", "request", "live",
                SwapProgress.Phase.REPLAY, 0, 12, 300, "keys", 0, 1_250);
        assertEquals("swap KeyValueStore heap -> slab: replay, 12/300 changed keys, 1.3 s", replay.toLine());
    }
}
