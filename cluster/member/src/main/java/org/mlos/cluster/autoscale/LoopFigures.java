package org.mlos.cluster.autoscale;

import java.util.List;

import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;

/**
 * An autoscaler's figures at one moment ({@link AutoscaleLoop#status}), read on the loop's thread
 * and handed over whole, for {@code autoscale status} in text and JSON.
 *
 * @param leading   whether this autoscaler leads
 * @param node      this node's id
 * @param rules     the profiles it scales
 * @param decisions decisions so far, holds included
 * @param requests  scale requests it made
 * @param outcomes  outcomes it took
 * @param settings  how it decides
 */
record LoopFigures(boolean leading, String node, List<AutoscaleRule> rules, long decisions, long requests, long outcomes,
        AutoscaleSettings settings) {

    LoopFigures {
        rules = List.copyOf(rules);
    }

    /** {@code autoscaler on leading=… node=… rules=[…] decisions=… requests=… outcomes=… settings=k=v,…}. */
    String line() {
        return "autoscaler on leading=" + leading + " node=" + node + " rules=" + rules + " decisions=" + decisions
                + " requests=" + requests + " outcomes=" + outcomes + " settings=" + String.join(",", settings.asArgs());
    }
}
