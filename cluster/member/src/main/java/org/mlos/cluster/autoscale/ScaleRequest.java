package org.mlos.cluster.autoscale;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.cluster.wire.Wire;

/**
 * A change of a profile's node count the autoscaler decided, for the process that owns the node
 * processes (the local cluster's supervisor) to carry out. Travels sealed with the cluster
 * secret, in the {@link org.mlos.cluster.wire.Wire} format (never Java serialization).
 *
 * @param id        names the request (and its outcome)
 * @param profile   the profile to change
 * @param change    nodes to add (positive) or remove (negative)
 * @param decision  the decision's line, with the figures that drove it
 * @param requester the node id of the autoscaler that decided
 * @param at        when it was decided, epoch milliseconds
 */
public record ScaleRequest(String id, String profile, int change, String decision, String requester, long at) {

    byte[] encode() {
        return new Wire.Writer().string(id).string(profile).number(change).string(decision).string(requester).number(at)
                .bytes();
    }

    static ScaleRequest decode(byte[] b) {
        Wire.Reader r = new Wire.Reader(b);
        ScaleRequest q = new ScaleRequest(r.string(), r.string(), (int) r.number(), r.string(), r.string(), r.number());
        r.end();
        return q;
    }

    private static final Pattern NODES = Pattern.compile("\\bnodes=(\\d+)->(\\d+)");

    /**
     * {@code request id=… profile=… change=+1 at=… [to=2]}: the line {@code autoscale requests}
     * prints for the supervisor; {@code to}, the node count the decision wanted, from its line, lets
     * the supervisor see that a node it is restarting already makes it (it added one beside it).
     */
    public String line() {
        Matcher m = NODES.matcher(decision == null ? "" : decision);
        return String.format(Locale.ROOT, "request id=%s profile=%s change=%+d at=%d", id, profile, change, at)
                + (m.find() ? " to=" + m.group(2) : "");
    }
}
