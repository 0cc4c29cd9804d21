package org.mlos.cluster.api.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AutoscaleRuleTest {

    @Test
    void profileMinMax() {
        assertEquals(new AutoscaleRule("cache", 1, 3), AutoscaleRule.parse("cache=1..3"));
        assertEquals(2, AutoscaleRule.parseAll(List.of("cache=2..2", "worker=1..4")).size());
    }

    @Test
    void badRulesAreRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleRule.parse("cache")).getMessage()
                .contains("profile=min..max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleRule.parse("cache=1-3")).getMessage()
                .contains("profile=min..max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleRule.parse("cache=a..3")).getMessage()
                .contains("whole numbers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleRule.parse("cache=3..1")).getMessage()
                .contains("min <= max"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleRule.parse("cache=0..1")).getMessage()
                .contains("1 <= min"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AutoscaleRule.parseAll(List.of("cache=1..2", "cache=1..3"))).getMessage().contains("twice"));
    }

    @Test
    void badSettingsAreRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleSettings.parse(List.of("nope=1")))
                .getMessage().contains("unknown autoscale setting"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleSettings.parse(List.of("high.ops=x")))
                .getMessage().contains("takes a number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AutoscaleSettings.parse(List.of("high.ops=10", "low.ops=20"))).getMessage().contains("low.ops < high.ops"));
        assertEquals(5, AutoscaleSettings.parse(List.of("samples=5")).samples());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> AutoscaleSettings.parse(List.of("high.queue=1", "low.queue=1"))).getMessage()
                .contains("low.queue < high.queue"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleSettings.parse(List.of("samples=1.5")))
                .getMessage().contains("whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AutoscaleSettings.parse(List.of("period.ms=50")))
                .getMessage().contains("period.ms >= 100"));
    }

    @Test
    void frameworkPropertiesTurnItOnAndSetIt() {
        assertTrue(AutoscaleRule.parseProperty(null).isEmpty(), "absent: off");
        assertTrue(AutoscaleRule.parseProperty(" ").isEmpty(), "empty: off");
        assertEquals(List.of(new AutoscaleRule("cache", 1, 3), new AutoscaleRule("worker", 2, 2)),
                AutoscaleRule.parseProperty("cache=1..3, worker=2..2"));
        java.util.Map<String, String> props = java.util.Map.of("mlos.autoscale.high.queue", "500", "mlos.autoscale.samples",
                "2");
        AutoscaleSettings s = AutoscaleSettings.from(props::get);
        assertEquals(500, s.highQueue());
        assertEquals(2, s.samples());
        assertEquals(AutoscaleSettings.DEFAULTS.highOps(), s.highOps());
        assertEquals(s, AutoscaleSettings.parse(s.asArgs()), "asArgs reads back as the same settings");
    }
}
