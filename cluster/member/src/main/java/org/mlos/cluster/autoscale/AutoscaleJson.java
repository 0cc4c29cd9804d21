package org.mlos.cluster.autoscale;

import java.util.List;

import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.core.api.JsonWriter;

/** {@code autoscale status} and {@code autoscale requests} as JSON ({@code mlos autoscale … --json}). */
final class AutoscaleJson {

    private AutoscaleJson() {
    }

    /**
     * {@code {"on","leading","node","rules":[{"profile","min","max"}],"decisions","requests","outcomes",
     * "settings":{name:value},"note"}}: every member always there, null where the node has nothing to
     * tell (an autoscaler that is off has no figures, and is not leading; one whose figures could not be
     * read has neither rules nor leading). {@code note}: why it is off, will not lead, or is unreadable.
     */
    static String status(AutoscaleStatus s) {
        JsonWriter w = new JsonWriter().object().field("on", s.on());
        LoopFigures f = s.figures();
        if (f == null) {
            noFigures(w, s.on());
        } else {
            w.field("leading", f.leading()).field("node", f.node()).name("rules").array();
            for (AutoscaleRule r : f.rules()) {
                w.object().field("profile", r.profile()).field("min", r.min()).field("max", r.max()).end();
            }
            w.end().field("decisions", f.decisions()).field("requests", f.requests()).field("outcomes", f.outcomes());
            settings(w, f.settings());
        }
        return w.field("note", s.note()).end().toString();
    }

    /** {@code {"requests":[{"id","profile","change","atMillis"}]}}: the requests waiting for the supervisor, oldest first. */
    static String requests(List<ScaleRequest> pending) {
        JsonWriter w = new JsonWriter().object().name("requests").array();
        for (ScaleRequest r : pending) {
            w.object().field("id", r.id()).field("profile", r.profile()).field("change", r.change())
                    .field("atMillis", r.at()).end();
        }
        return w.end().end().toString();
    }

    /** Off: not leading, no rules, for sure. Unreadable: neither is known. */
    private static void noFigures(JsonWriter w, boolean on) {
        w.name("leading");
        if (on) {
            w.value((String) null).field("node", null).name("rules").value((String) null);
        } else {
            w.value(false).field("node", null).name("rules").array().end();
        }
        w.field("decisions", null).field("requests", null).field("outcomes", null).field("settings", null);
    }

    /** By {@link AutoscaleSettings#NAMES}, every one a number (the thresholds with their fraction, {@code 2000.0}). */
    private static void settings(JsonWriter w, AutoscaleSettings s) {
        w.name("settings").object().field("high.ops", s.highOps())
                .field("low.ops", s.lowOps()).field("high.cpu", s.highCpu())
                .field("low.cpu", s.lowCpu()).field("high.queue", s.highQueue())
                .field("low.queue", s.lowQueue()).field("samples", s.samples())
                .field("cooldown.ms", s.cooldownMs()).field("period.ms", s.periodMs())
                .field("request.timeout.ms", s.requestTimeoutMs()).field("start.grace.ms", s.startGraceMs()).end();
    }
}
