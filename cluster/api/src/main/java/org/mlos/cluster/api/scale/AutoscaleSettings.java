package org.mlos.cluster.api.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the autoscaler decides, {@code k=v} each ({@code mlos cluster up --autoscale-set k=v}, or
 * the framework property {@code mlos.autoscale.<k>}):
 * <ul>
 * <li>{@code high.ops}, {@code low.ops}: a profile's mean operations per second per node;
 * <li>{@code high.cpu}, {@code low.cpu}: its mean CPU use per node, 0..1 of the machine;
 * <li>{@code high.queue}, {@code low.queue}: its mean queue depth per node (scheduler tasks ready
 * and not started, plus the memcached server's waiting connections);
 * <li>{@code samples}: how many samples in a row must be high (or low) before a change;
 * <li>{@code cooldown.ms}: no change of a profile within this long of its previous one;
 * <li>{@code period.ms}: how often it samples;
 * <li>{@code request.timeout.ms}: how long a scale request may wait for the supervisor to carry it out;
 * <li>{@code start.grace.ms}: how long after its autoscaler takes office a profile below its minimum
 * is left to nodes that may still be starting (0: not at all; since 1.1).
 * </ul>
 * High when any figure is above its high threshold; low when every figure is below its low one.
 */
public record AutoscaleSettings(double highOps, double lowOps, double highCpu, double lowCpu, double highQueue,
        double lowQueue, int samples, long cooldownMs, long periodMs, long requestTimeoutMs, long startGraceMs) {

    /** The prefix of the settings' framework properties: {@code mlos.autoscale.high.ops}. */
    public static final String PREFIX = AutoscaleRule.PROPERTY + ".";

    /** The setting names, in the order {@link #asArgs} lists them. */
    public static final List<String> NAMES = List.of("high.ops", "low.ops", "high.cpu", "low.cpu", "high.queue",
            "low.queue", "samples", "cooldown.ms", "period.ms", "request.timeout.ms", "start.grace.ms");

    /** The start grace where none is set: several nodes' boots one after the other (a node boots in 3 to 5 s). */
    public static final long DEFAULT_START_GRACE_MS = 60_000;

    public static final AutoscaleSettings DEFAULTS = new AutoscaleSettings(2000, 200, 0.8, 0.3, 64, 1, 3, 10_000, 1000,
            300_000, DEFAULT_START_GRACE_MS);

    /**
     * The settings of API 1.0, with the default start grace.
     *
     * @deprecated since 1.1: give {@code startGraceMs} too
     */
    @Deprecated
    public AutoscaleSettings(double highOps, double lowOps, double highCpu, double lowCpu, double highQueue,
            double lowQueue, int samples, long cooldownMs, long periodMs, long requestTimeoutMs) {
        this(highOps, lowOps, highCpu, lowCpu, highQueue, lowQueue, samples, cooldownMs, periodMs, requestTimeoutMs,
                DEFAULT_START_GRACE_MS);
    }

    public AutoscaleSettings {
        if (lowOps < 0 || highOps <= lowOps) {
            throw new IllegalArgumentException("autoscale needs 0 <= low.ops < high.ops, not " + lowOps + " and " + highOps);
        }
        if (lowCpu < 0 || highCpu <= lowCpu || highCpu > 1) {
            throw new IllegalArgumentException("autoscale needs 0 <= low.cpu < high.cpu <= 1, not " + lowCpu + " and "
                    + highCpu);
        }
        if (lowQueue < 0 || highQueue <= lowQueue) {
            throw new IllegalArgumentException("autoscale needs 0 <= low.queue < high.queue, not " + lowQueue + " and "
                    + highQueue);
        }
        if (samples < 1 || cooldownMs < 0 || periodMs < 100 || requestTimeoutMs < periodMs) {
            throw new IllegalArgumentException("autoscale needs samples >= 1, cooldown.ms >= 0, period.ms >= 100 and"
                    + " request.timeout.ms >= period.ms");
        }
        if (startGraceMs < 0) {
            throw new IllegalArgumentException("autoscale needs start.grace.ms >= 0 (0: no grace), not " + startGraceMs);
        }
    }

    /** The defaults, changed by {@code k=v} settings; a bad or unknown one fails, naming the known ones. */
    public static AutoscaleSettings parse(List<String> sets) {
        double[] d = { DEFAULTS.highOps, DEFAULTS.lowOps, DEFAULTS.highCpu, DEFAULTS.lowCpu, DEFAULTS.highQueue,
                DEFAULTS.lowQueue, DEFAULTS.samples, DEFAULTS.cooldownMs, DEFAULTS.periodMs, DEFAULTS.requestTimeoutMs,
                DEFAULTS.startGraceMs };
        for (String kv : sets) {
            String[] f = kv.split("=", 2);
            if (f.length != 2) {
                throw new IllegalArgumentException("an autoscale setting is k=v, e.g. high.ops=5000; got '" + kv + "'");
            }
            int i = NAMES.indexOf(f[0].trim());
            if (i < 0) {
                throw new IllegalArgumentException("unknown autoscale setting " + f[0].trim() + "; known: "
                        + String.join(", ", NAMES));
            }
            boolean whole = i >= 6;
            try {
                d[i] = whole ? Long.parseLong(f[1].trim()) : Double.parseDouble(f[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("autoscale setting " + f[0].trim() + " takes " + (whole ? "a whole number"
                        : "a number") + ", not '" + f[1] + "'");
            }
        }
        if (d[6] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("autoscale samples must be at most " + Integer.MAX_VALUE);
        }
        return new AutoscaleSettings(d[0], d[1], d[2], d[3], d[4], d[5], (int) d[6], (long) d[7], (long) d[8], (long) d[9],
                (long) d[10]);
    }

    /** From framework properties {@code mlos.autoscale.<k>} (e.g. {@code context::getProperty}). */
    public static AutoscaleSettings from(Function<String, String> property) {
        List<String> sets = new ArrayList<>();
        for (String name : NAMES) {
            String v = property.apply(PREFIX + name);
            if (v != null && !v.isBlank()) {
                sets.add(name + "=" + v.trim());
            }
        }
        return parse(sets);
    }

    /** Every setting as {@code k=v}, in {@link #NAMES} order. */
    public List<String> asArgs() {
        return List.of("high.ops=" + highOps, "low.ops=" + lowOps, "high.cpu=" + highCpu, "low.cpu=" + lowCpu,
                "high.queue=" + highQueue, "low.queue=" + lowQueue, "samples=" + samples, "cooldown.ms=" + cooldownMs,
                "period.ms=" + periodMs, "request.timeout.ms=" + requestTimeoutMs, "start.grace.ms=" + startGraceMs);
    }
}
