package org.mlos.cluster.autoscale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.scale.NodeLoad;

/**
 * One autoscaler's periods, apart from Hazelcast and threads so that tests drive it with fake
 * loads: each {@link #tick} first makes sure this autoscaler leads (only the leader decides and
 * asks), journals the outcomes its executor reported, then takes a decision per rule from the
 * serving nodes' loads and, for a change, puts a {@link ScaleRequest} on the board. A profile
 * with a request still pending gets no new decision (one scale operation at a time per profile);
 * a request nobody carried out within {@code request.timeout.ms} is withdrawn. A profile below its
 * minimum waits for the {@link StartGrace} from taking office before it asks for nodes. Every change,
 * request and outcome is one journal line with the figures that drove it. A hold is journaled when
 * its reason differs from the profile's last journaled decision, and otherwise once every
 * {@value #HOLDS_PER_LINE} holds: at one period a second, an idle cluster would otherwise write
 * 86,400 identical lines a day and bury the decisions that matter.
 */
final class AutoscaleLoop {

    /** The journal's source word for the autoscaler's lines. */
    static final String SOURCE = "autoscale";
    /** Unchanged holds in a row per journal line. */
    static final int HOLDS_PER_LINE = 60;

    private final List<AutoscaleRule> rules;
    private final ScalePolicy policy;
    private final RequestBoard board;
    private final Supplier<List<NodeLoad>> loads;
    private final BooleanSupplier lead;
    private final Consumer<String> journal;
    private final String self;
    private final Map<String, ScaleRequest> asked = new HashMap<>(); // request id -> what this leader asked
    private final Map<String, String> lastReason = new HashMap<>(); // profile -> reason of its last journaled decision
    private final Map<String, Integer> quietHolds = new HashMap<>(); // profile -> holds not journaled since
    private boolean leading;
    private long decisions;
    private long requests;
    private long outcomes;

    AutoscaleLoop(List<AutoscaleRule> rules, AutoscaleSettings settings, RequestBoard board,
            Supplier<List<NodeLoad>> loads, BooleanSupplier lead, Consumer<String> journal, String self) {
        this.rules = List.copyOf(rules);
        this.policy = new ScalePolicy(settings);
        this.board = board;
        this.loads = loads;
        this.lead = lead;
        this.journal = journal;
        this.self = self;
    }

    /** One period at {@code nowMs}. */
    void tick(long nowMs) {
        if (!leading) {
            if (!lead.getAsBoolean()) {
                return; // another node's autoscaler decides
            }
            leading = true;
            policy.tookOffice(nowMs);
            journal.accept("leads node=" + self + " rules=" + rules + " settings=" + String.join(" ",
                    policy.settings().asArgs()));
        }
        takeOutcomes(nowMs);
        List<ScaleRequest> pending = board.pending();
        List<NodeLoad> all = loads.get();
        for (AutoscaleRule rule : rules) {
            ScaleRequest waiting = pendingFor(pending, rule.profile());
            if (waiting != null) {
                if (nowMs - waiting.at() > policy.settings().requestTimeoutMs() && board.withdraw(waiting.id())) {
                    asked.remove(waiting.id());
                    policy.changeEnded(rule.profile(), nowMs);
                    journal.accept("request-withdrawn id=" + waiting.id() + " profile=" + rule.profile() + " after "
                            + (nowMs - waiting.at()) + " ms: nobody carried it out (is the cluster's supervisor running?"
                            + " mlos cluster up --autoscale starts one)");
                }
                continue; // one scale operation at a time per profile
            }
            List<NodeLoad> serving = new ArrayList<>();
            for (NodeLoad l : all) {
                if (l.profile().equals(rule.profile()) && l.onRing()) {
                    serving.add(l);
                }
            }
            ScalePolicy.Decision d = policy.decide(rule, serving, nowMs);
            decisions++;
            String line = d.line() + " decisions=" + decisions + figures(serving);
            if (d.change() == 0) {
                journalHold(d, line);
                continue;
            }
            lastReason.put(rule.profile(), d.reason());
            quietHolds.put(rule.profile(), 0);
            ScaleRequest r = new ScaleRequest(UUID.randomUUID().toString(), rule.profile(), d.change(), d.line(), self, nowMs);
            board.submit(r);
            asked.put(r.id(), r);
            requests++;
            journal.accept(line + " request=" + r.id());
        }
    }

    private void journalHold(ScalePolicy.Decision d, String line) {
        int quiet = quietHolds.getOrDefault(d.profile(), 0);
        if (d.reason().equals(lastReason.get(d.profile())) && quiet + 1 < HOLDS_PER_LINE) {
            quietHolds.put(d.profile(), quiet + 1);
            return;
        }
        journal.accept(quiet == 0 ? line : line + " unchanged_holds_since=" + quiet);
        lastReason.put(d.profile(), d.reason());
        quietHolds.put(d.profile(), 0);
    }

    private void takeOutcomes(long nowMs) {
        for (ScaleOutcome o : board.outcomes()) {
            ScaleRequest r = asked.remove(o.id());
            policy.changeEnded(o.profile(), nowMs); // the cool-down counts from the end of the change
            outcomes++;
            journal.accept("outcome id=" + o.id() + " profile=" + o.profile()
                    + (r == null ? "" : String.format(Locale.ROOT, " change=%+d", r.change())) + " " + o.line()
                    + " after_ms=" + Math.max(0, o.at() - (r == null ? o.at() : r.at())) + " outcomes=" + outcomes);
            board.taken(o.id());
        }
    }

    private static ScaleRequest pendingFor(List<ScaleRequest> pending, String profile) {
        for (ScaleRequest r : pending) {
            if (r.profile().equals(profile)) {
                return r;
            }
        }
        return null;
    }

    private static String figures(List<NodeLoad> nodes) {
        StringBuilder sb = new StringBuilder(" figures=[");
        for (NodeLoad f : nodes) {
            sb.append(String.format(Locale.ROOT, " pid=%d ops=%.1f cpu=%.3f queue=%d%s", f.pid(), f.opsPerSec(), f.cpu(),
                    f.queue(), f.injected() ? " injected" : ""));
        }
        return sb.append(" ]").toString();
    }

    boolean leading() {
        return leading;
    }

    LoopFigures status() {
        return new LoopFigures(leading, self, rules, decisions, requests, outcomes, policy.settings());
    }
}
