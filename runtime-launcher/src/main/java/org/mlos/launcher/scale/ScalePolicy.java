package org.mlos.launcher.scale;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When to add or remove a node of a profile, from the load its nodes publish: one decision per
 * sample. Out by one when the profile's mean ops/s per node is above {@code high.ops} (or its
 * mean CPU above {@code high.cpu}) for {@code samples} samples in a row; in by one when the mean
 * ops/s is below {@code low.ops} and the mean CPU below {@code low.cpu} for as many, and the
 * remaining nodes would carry the same load below {@code high.ops} (so removing a node does not
 * make the next sample call for one again). Never beyond the rule's bounds (a profile outside
 * them is brought back at once), and never within {@code cooldown.ms} of the previous change of
 * that profile. The gap between the high and low thresholds and the run of samples are the
 * hysteresis.
 */
public final class ScalePolicy {

    /** The settings, {@code k=v} ({@code mlos cluster up --autoscale-set}). */
    public record Settings(double highOps, double lowOps, double highCpu, double lowCpu, int samples, long cooldownMs,
            long periodMs) {

        public static final Settings DEFAULTS = new Settings(2000, 200, 0.8, 0.3, 3, 10_000, 1000);

        public Settings {
            if (lowOps < 0 || highOps <= lowOps) {
                throw new IllegalArgumentException("autoscale needs 0 <= low.ops < high.ops, not " + lowOps + " and " + highOps);
            }
            if (lowCpu < 0 || highCpu <= lowCpu || highCpu > 1) {
                throw new IllegalArgumentException("autoscale needs 0 <= low.cpu < high.cpu <= 1, not " + lowCpu + " and "
                        + highCpu);
            }
            if (samples < 1 || cooldownMs < 0 || periodMs < 100) {
                throw new IllegalArgumentException("autoscale needs samples >= 1, cooldown.ms >= 0, period.ms >= 100");
            }
        }

        public static Settings parse(List<String> sets) {
            Settings s = DEFAULTS;
            double hi = s.highOps, lo = s.lowOps, hc = s.highCpu, lc = s.lowCpu;
            int n = s.samples;
            long cd = s.cooldownMs, p = s.periodMs;
            for (String kv : sets) {
                String[] f = kv.split("=", 2);
                if (f.length != 2) {
                    throw new IllegalArgumentException("--autoscale-set takes k=v, e.g. high.ops=5000; got '" + kv + "'");
                }
                try {
                    switch (f[0].trim()) {
                        case "high.ops" -> hi = Double.parseDouble(f[1]);
                        case "low.ops" -> lo = Double.parseDouble(f[1]);
                        case "high.cpu" -> hc = Double.parseDouble(f[1]);
                        case "low.cpu" -> lc = Double.parseDouble(f[1]);
                        case "samples" -> n = Integer.parseInt(f[1]);
                        case "cooldown.ms" -> cd = Long.parseLong(f[1]);
                        case "period.ms" -> p = Long.parseLong(f[1]);
                        default -> throw new IllegalArgumentException("unknown autoscale setting " + f[0]
                                + "; known: high.ops, low.ops, high.cpu, low.cpu, samples, cooldown.ms, period.ms");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("autoscale setting " + f[0] + " takes a number, not '" + f[1] + "'");
                }
            }
            return new Settings(hi, lo, hc, lc, n, cd, p);
        }

        public List<String> asArgs() {
            return List.of("high.ops=" + highOps, "low.ops=" + lowOps, "high.cpu=" + highCpu, "low.cpu=" + lowCpu,
                    "samples=" + samples, "cooldown.ms=" + cooldownMs, "period.ms=" + periodMs);
        }
    }

    /** What to do with a profile now, and the figures that said so. */
    public record Decision(String profile, int change, int nodes, double meanOps, double meanCpu, String reason) {
        public String line() {
            return String.format(Locale.ROOT, "decision profile=%s change=%+d nodes=%d->%d mean_ops=%.1f mean_cpu=%.3f reason=\"%s\"",
                    profile, change, nodes, nodes + change, meanOps, meanCpu, reason);
        }
    }

    private final Settings settings;
    private final Map<String, int[]> runs = new HashMap<>(); // profile -> {highs in a row, lows in a row}
    private final Map<String, Long> lastChange = new HashMap<>();

    public ScalePolicy(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * One sample of a profile: its serving nodes' figures at {@code nowMs}. Returns the change to
     * make (+1, -1, or what brings it within bounds), or a decision of 0 that says why not.
     */
    public Decision decide(AutoscaleRule rule, List<NodeFigures> serving, long nowMs) {
        int n = serving.size();
        double ops = 0;
        double cpu = 0;
        int cpuKnown = 0;
        for (NodeFigures f : serving) {
            ops += f.ops();
            if (f.cpu() >= 0) {
                cpu += f.cpu();
                cpuKnown++;
            }
        }
        double meanOps = n == 0 ? 0 : ops / n;
        double meanCpu = cpuKnown == 0 ? -1 : cpu / cpuKnown;
        int[] run = runs.computeIfAbsent(rule.profile(), k -> new int[2]);
        boolean high = n > 0 && (meanOps > settings.highOps || meanCpu > settings.highCpu);
        boolean low = n > 0 && meanOps < settings.lowOps && meanCpu < settings.lowCpu;
        run[0] = high ? run[0] + 1 : 0;
        run[1] = low ? run[1] + 1 : 0;
        if (n < rule.min()) {
            return change(rule, rule.min() - n, n, meanOps, meanCpu, "below the minimum " + rule.min(), nowMs);
        }
        if (n > rule.max()) {
            return change(rule, rule.max() - n, n, meanOps, meanCpu, "above the maximum " + rule.max(), nowMs);
        }
        Long last = lastChange.get(rule.profile());
        boolean cooling = last != null && nowMs - last < settings.cooldownMs;
        if (run[0] >= settings.samples && n < rule.max()) {
            return cooling ? hold(rule, n, meanOps, meanCpu, "high, but cooling down after the last change")
                    : change(rule, 1, n, meanOps, meanCpu, "high for " + run[0] + " samples (high.ops=" + settings.highOps
                            + ", high.cpu=" + settings.highCpu + ")", nowMs);
        }
        if (run[1] >= settings.samples && n > rule.min()) {
            if (ops / (n - 1) >= settings.highOps) {
                return hold(rule, n, meanOps, meanCpu, "low, but " + (n - 1) + " nodes would be above high.ops");
            }
            return cooling ? hold(rule, n, meanOps, meanCpu, "low, but cooling down after the last change")
                    : change(rule, -1, n, meanOps, meanCpu, "low for " + run[1] + " samples (low.ops=" + settings.lowOps
                            + ", low.cpu=" + settings.lowCpu + ")", nowMs);
        }
        return hold(rule, n, meanOps, meanCpu, high ? "high " + run[0] + "/" + settings.samples
                : low ? "low " + run[1] + "/" + settings.samples : "within thresholds");
    }

    private Decision change(AutoscaleRule rule, int change, int n, double ops, double cpu, String why, long nowMs) {
        lastChange.put(rule.profile(), nowMs);
        runs.put(rule.profile(), new int[2]); // the next decision needs a fresh run of samples
        return new Decision(rule.profile(), change, n, ops, cpu, why);
    }

    private static Decision hold(AutoscaleRule rule, int n, double ops, double cpu, String why) {
        return new Decision(rule.profile(), 0, n, ops, cpu, why);
    }
}
