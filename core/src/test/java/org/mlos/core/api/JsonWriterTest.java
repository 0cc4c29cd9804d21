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
}
