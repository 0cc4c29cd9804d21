package org.mlos.core.api;

import java.util.List;

/**
 * Kinds and swap reports as JSON, for scripts and tests ({@code mlos kinds --json}): the same
 * facts {@link KernelText} shows people, under stable member names.
 */
public final class KernelJson {

    private KernelJson() {
    }

    /** {@code {"kinds":[{"kind":…,"active":…,"candidates":[…],"calls":…,"swaps":…,"stateless":…,"live":…}]}}; calls is -1 when not counted. */
    public static String kinds(List<KindInfo> kinds) {
        JsonWriter w = new JsonWriter().object().name("kinds").array();
        for (KindInfo k : kinds) {
            w.object().field("kind", k.kind()).field("simpleName", k.simpleName()).field("active", k.active())
                    .name("candidates").array();
            for (String c : k.candidates()) {
                w.value(c);
            }
            w.end().field("calls", k.callsServed()).field("swaps", k.swaps()).field("stateless", k.stateless())
                    .field("live", k.live()).end();
        }
        return w.end().end().toString();
    }

    /** {@code {"history":[report, …]}}, oldest first. */
    public static String history(List<SwapReport> reports) {
        JsonWriter w = new JsonWriter().object().name("history").array();
        for (SwapReport r : reports) {
            report(w, r);
        }
        return w.end().end().toString();
    }

    /** One swap report: every field of {@link SwapReport}, times in microseconds. */
    public static String report(SwapReport r) {
        return report(new JsonWriter(), r).toString();
    }

    /** Writes one swap report as an object (into an array or after a name). */
    public static JsonWriter report(JsonWriter w, SwapReport r) {
        return w.object().field("kind", r.kind()).field("from", r.from()).field("to", r.to())
                .field("trigger", r.trigger()).field("format", r.format()).field("mode", r.mode())
                .field("entries", r.entries()).field("bytes", r.bytes()).field("replayed", r.replayed())
                .field("drainMicros", r.drainMicros()).field("transferMicros", r.transferMicros())
                .field("pauseMicros", r.pauseMicros()).field("totalMicros", r.totalMicros())
                .field("callsHeld", r.callsHeld()).field("outcome", r.outcome().name())
                .field("failedStep", r.failedStep() == null ? null : r.failedStep().name())
                .field("reason", r.reason()).field("startedAtMillis", r.startedAtMillis())
                .field("quiescence", r.quiescence()).end();
    }

    /**
     * {@code {"swaps":[{"kind":…,"simpleName":…,"from":…,"to":…,"trigger":…,"mode":…,"phase":…,"pass":…,
     * "done":…,"total":…,"unit":…,"startedAtMillis":…,"elapsedMillis":…,"line":…}]}}: the swaps under way;
     * {@code phase} is a {@link SwapProgress.Phase} name, {@code total} -1 when not known.
     *
     * @since 1.5
     */
    public static String swaps(List<SwapProgress> swaps) {
        JsonWriter w = new JsonWriter().object().name("swaps").array();
        for (SwapProgress p : swaps) {
            w.object().field("kind", p.kind()).field("simpleName", p.simpleName()).field("from", p.from())
                    .field("to", p.to()).field("trigger", p.trigger()).field("mode", p.mode())
                    .field("phase", p.phase().name()).field("pass", p.pass()).field("done", p.done())
                    .field("total", p.total()).field("unit", p.unit()).field("startedAtMillis", p.startedAtMillis())
                    .field("elapsedMillis", p.elapsedMillis()).field("line", p.toLine()).end();
        }
        return w.end().end().toString();
    }

    /** {@code {"error":"…"}}: what a JSON request answers when it fails. */
    public static String error(String message) {
        return new JsonWriter().object().field("error", message).end().toString();
    }
}
