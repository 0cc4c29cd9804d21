package org.mlos.cluster.autoscale;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.scale.NodeLoad;

/**
 * When to add or remove a node of a profile, from the load its nodes publish: one decision per
 * sample. Out by one when the profile's mean per node of ops/s, CPU or queue depth is above its
 * high threshold for {@code samples} samples in a row; in by one when all three are below their
 * low thresholds for as many, and the remaining nodes would carry the same ops and queue below
 * the high thresholds (so removing a node does not make the next sample call for one again).
 * Never beyond the rule's bounds (a profile outside them is brought back at once, except one below
 * its minimum within the {@link StartGrace} of taking office: its nodes may still be starting), and
 * never within {@code cooldown.ms} of the previous change of that profile. The gap between the high
 * and low thresholds and the run of samples are the hysteresis.
 */
public final class ScalePolicy {

    /** What to do with a profile now, and the figures that said so. */
    public record Decision(String profile, int change, int nodes, double meanOps, double meanCpu, double meanQueue,
            String reason) {
        public String line() {
            return String.format(Locale.ROOT,
                    "decision profile=%s change=%+d nodes=%d->%d mean_ops=%.1f mean_cpu=%.3f mean_queue=%.1f reason=\"%s\"",
                    profile, change, nodes, nodes + change, meanOps, meanCpu, meanQueue, reason);
        }
    }

    private final AutoscaleSettings settings;
    private final StartGrace grace;
    private Long office; // when its autoscaler took office; null: no grace (not told)
    private final Map<String, int[]> runs = new HashMap<>(); // profile -> {highs in a row, lows in a row}
    private final Map<String, Long> lastChange = new HashMap<>();

    public ScalePolicy(AutoscaleSettings settings) {
        this.settings = settings;
        this.grace = StartGrace.of(settings);
    }

    /** Its autoscaler took office at {@code nowMs}: the {@link StartGrace} counts from here. */
    void tookOffice(long nowMs) {
        office = nowMs;
    }

    public AutoscaleSettings settings() {
        return settings;
    }

    /**
     * One sample of a profile: its serving nodes' figures at {@code nowMs}. Returns the change to
     * make (+1, -1, or what brings it within bounds), or a decision of 0 that says why not.
     */
    public Decision decide(AutoscaleRule rule, List<NodeLoad> serving, long nowMs) {
        int n = serving.size();
        double ops = 0;
        double cpu = 0;
        double queue = 0;
        int cpuKnown = 0;
        for (NodeLoad f : serving) {
            ops += f.opsPerSec();
            queue += Math.max(0, f.queue());
            if (f.cpu() >= 0) {
                cpu += f.cpu();
                cpuKnown++;
            }
        }
        double meanOps = n == 0 ? 0 : ops / n;
        double meanCpu = cpuKnown == 0 ? -1 : cpu / cpuKnown;
        double meanQueue = n == 0 ? 0 : queue / n;
        Figures f = new Figures(n, meanOps, meanCpu, meanQueue);
        int[] run = runs.computeIfAbsent(rule.profile(), k -> new int[2]);
        boolean high = n > 0 && (meanOps > settings.highOps() || meanCpu > settings.highCpu()
                || meanQueue > settings.highQueue());
        boolean low = n > 0 && meanOps < settings.lowOps() && meanCpu < settings.lowCpu() && meanQueue < settings.lowQueue();
        run[0] = high ? run[0] + 1 : 0;
        run[1] = low ? run[1] + 1 : 0;
        if (n < rule.min()) {
            if (office != null && grace.covers(office, nowMs)) {
                // the same words each period, so that the loop journals the wait once
                return hold(rule, f, "below the minimum " + rule.min() + ", but within " + grace.lengthMs()
                        + " ms of taking office: its nodes may still be starting");
            }
            return change(rule, rule.min() - n, f, "below the minimum " + rule.min(), nowMs);
        }
        if (n > rule.max()) {
            return change(rule, rule.max() - n, f, "above the maximum " + rule.max(), nowMs);
        }
        Long last = lastChange.get(rule.profile());
        boolean cooling = last != null && nowMs - last < settings.cooldownMs();
        if (run[0] >= settings.samples() && n < rule.max()) {
            return cooling ? hold(rule, f, "high, but cooling down after the last change")
                    : change(rule, 1, f, "high for " + run[0] + " samples (high.ops=" + settings.highOps() + ", high.cpu="
                            + settings.highCpu() + ", high.queue=" + settings.highQueue() + ")", nowMs);
        }
        if (run[1] >= settings.samples() && n > rule.min()) {
            if (ops / (n - 1) >= settings.highOps()) {
                return hold(rule, f, "low, but " + (n - 1) + " nodes would be above high.ops");
            }
            if (queue / (n - 1) >= settings.highQueue()) {
                return hold(rule, f, "low, but " + (n - 1) + " nodes would be above high.queue");
            }
            return cooling ? hold(rule, f, "low, but cooling down after the last change")
                    : change(rule, -1, f, "low for " + run[1] + " samples (low.ops=" + settings.lowOps() + ", low.cpu="
                            + settings.lowCpu() + ", low.queue=" + settings.lowQueue() + ")", nowMs);
        }
        // A run that reached its length here is at a bound: said so, the same every period, so that
        // the loop journals an idle cluster's holds once a while (a count climbing without end made
        // each hold's reason new, and each one a journal line)
        return hold(rule, f, high ? (run[0] >= settings.samples() ? "high, at the maximum " + rule.max()
                : "high " + run[0] + "/" + settings.samples())
                : low ? (run[1] >= settings.samples() ? "low, at the minimum " + rule.min()
                        : "low " + run[1] + "/" + settings.samples())
                        : "within thresholds");
    }

    /**
     * A change of the profile ended (carried out, failed or refused) at {@code nowMs}: the cool-down
     * counts from here, and the next change needs a fresh run of samples taken after it.
     */
    public void changeEnded(String profile, long nowMs) {
        lastChange.put(profile, nowMs);
        runs.put(profile, new int[2]);
    }

    private record Figures(int n, double ops, double cpu, double queue) {
    }

    private Decision change(AutoscaleRule rule, int change, Figures f, String why, long nowMs) {
        changeEnded(rule.profile(), nowMs);
        return new Decision(rule.profile(), change, f.n, f.ops, f.cpu, f.queue, why);
    }

    private static Decision hold(AutoscaleRule rule, Figures f, String why) {
        return new Decision(rule.profile(), 0, f.n, f.ops, f.cpu, f.queue, why);
    }
}
