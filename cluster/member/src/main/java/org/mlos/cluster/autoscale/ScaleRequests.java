package org.mlos.cluster.autoscale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.SealedEntries;
import org.mlos.cluster.log.FloodLog;
import org.mlos.cluster.node.LocalNode;

import com.hazelcast.map.IMap;

/**
 * The cluster's scale requests and their outcomes: two maps of sealed entries,
 * {@value #REQUESTS} (what the autoscaler asks for) and {@value #OUTCOMES} (what the executor
 * did), keyed by request id. Any member reads and writes them; every entry is verified with the
 * cluster secret (an entry that does not verify is ignored and logged), so a process that
 * reaches Hazelcast's port without the secret cannot ask for nodes or fake an outcome. Entries
 * expire on their own (an hour) if nobody removes them.
 */
final class ScaleRequests implements RequestBoard {

    static final String REQUESTS = "mlos.scale.requests";
    static final String OUTCOMES = "mlos.scale.outcomes";
    static final String REQUEST_TYPE = "scale-request";
    static final String OUTCOME_TYPE = "scale-outcome";
    private static final long TTL_SECONDS = 3600;
    private static final System.Logger LOG = System.getLogger(ScaleRequests.class.getName());

    private final LocalNode local;
    private final IMap<String, byte[]> requests;
    private final IMap<String, byte[]> outcomes;
    /** A forged entry stays until it expires, and each reading of the map met it again: a line each time. */
    private final FloodLog refusedRequests = refusals("scale request");
    private final FloodLog refusedOutcomes = refusals("scale outcome");

    ScaleRequests(LocalNode local) {
        this.local = local;
        this.requests = local.instance().getMap(REQUESTS);
        this.outcomes = local.instance().getMap(OUTCOMES);
    }

    private static FloodLog refusals(String what) {
        return new FloodLog(FloodLog.TEN_SECONDS, (n, period, last) -> LOG.log(System.Logger.Level.WARNING, "refused "
                + n + " more " + what + " entr" + (n == 1 ? "y" : "ies") + " in the last " + period.toSeconds()
                + " s (a forged one is met again at every check until it expires; the last " + last + ")"));
    }

    @Override
    public void submit(ScaleRequest r) {
        requests.put(r.id(), local.auth().seal(REQUEST_TYPE, local.sender(), r.encode()), TTL_SECONDS, TimeUnit.SECONDS);
    }

    /** The verified requests that have no outcome yet, oldest first. */
    @Override
    public List<ScaleRequest> pending() {
        List<ScaleRequest> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : SealedEntries.of(requests)) {
            try {
                ScaleRequest r = ScaleRequest.decode(local.auth().openRepeatable(REQUEST_TYPE, e.getValue(),
                        Duration.ofSeconds(TTL_SECONDS)).payload());
                if (r.id().equals(e.getKey()) && !outcomes.containsKey(r.id())) {
                    out.add(r);
                }
            } catch (AuthException | RuntimeException refused) {
                if (refusedRequests.first(e.getKey() + ": " + refused.getMessage())) {
                    LOG.log(System.Logger.Level.WARNING, "refused scale request " + e.getKey() + ": " + refused.getMessage());
                }
            }
        }
        out.sort(Comparator.comparingLong(ScaleRequest::at));
        return out;
    }

    /**
     * The executor's report: kept for the autoscaler to journal; the request is done with. Kept
     * also for a request the autoscaler withdrew meanwhile (it ran out of time): the nodes did
     * change, and the journal should say so. False if no such request was pending.
     */
    @Override
    public boolean report(ScaleOutcome o) {
        outcomes.put(o.id(), local.auth().seal(OUTCOME_TYPE, local.sender(), o.encode()), TTL_SECONDS, TimeUnit.SECONDS);
        return requests.remove(o.id()) != null;
    }

    /** The verified outcomes not yet taken, each with its request's profile where still known. */
    @Override
    public List<ScaleOutcome> outcomes() {
        List<ScaleOutcome> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : SealedEntries.of(outcomes)) {
            try {
                ScaleOutcome o = ScaleOutcome.decode(local.auth().openRepeatable(OUTCOME_TYPE, e.getValue(),
                        Duration.ofSeconds(TTL_SECONDS)).payload());
                if (o.id().equals(e.getKey())) {
                    out.add(o);
                }
            } catch (AuthException | RuntimeException refused) {
                if (refusedOutcomes.first(e.getKey() + ": " + refused.getMessage())) {
                    LOG.log(System.Logger.Level.WARNING, "refused scale outcome " + e.getKey() + ": " + refused.getMessage());
                }
            }
        }
        out.sort(Comparator.comparingLong(ScaleOutcome::at));
        return out;
    }

    /** Takes an outcome off the map once journaled. */
    @Override
    public void taken(String id) {
        outcomes.remove(id);
    }

    /** Drops a request nobody carried out in time. */
    @Override
    public boolean withdraw(String id) {
        return requests.remove(id) != null;
    }
}
