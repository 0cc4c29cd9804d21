package org.mlos.cluster.autoscale;

import java.util.List;
import java.util.Locale;

import org.mlos.cluster.wire.Wire;

/**
 * What became of a {@link ScaleRequest}, as its executor reported it: {@value #DONE} (with the
 * node counts before and after, the items moved and the time taken), {@value #FAILED} or
 * {@value #REFUSED} (another scale of the profile was under way, e.g. a manual {@code mlos
 * scale}), with a one-line detail. Sealed like the request.
 */
public record ScaleOutcome(String id, String profile, String result, int before, int after, long moved, long millis, String detail,
        long at) {

    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";
    static final List<String> RESULTS = List.of(DONE, FAILED, REFUSED);

    public ScaleOutcome {
        if (!RESULTS.contains(result)) {
            throw new IllegalArgumentException("a scale outcome is one of " + RESULTS + ", not '" + result + "'");
        }
        detail = detail == null ? "" : detail.replace('\n', ' ').replace('"', '\'');
    }

    byte[] encode() {
        return new Wire.Writer().string(id).string(profile).string(result).number(before).number(after).number(moved).number(millis)
                .string(detail).number(at).bytes();
    }

    static ScaleOutcome decode(byte[] b) {
        Wire.Reader r = new Wire.Reader(b);
        ScaleOutcome o = new ScaleOutcome(r.string(), r.string(), r.string(), (int) r.number(), (int) r.number(), r.number(),
                r.number(), r.string(), r.number());
        r.end();
        return o;
    }

    /** The journal's words; a refused or failed scale knows no node counts, and says none (it said {@code nodes=-1->-1}). */
    String line() {
        String nodes = before < 0 || after < 0 ? "" : String.format(Locale.ROOT, " nodes=%d->%d", before, after);
        return String.format(Locale.ROOT, "result=%s%s moved=%d ms=%d%s", result, nodes, moved, millis,
                detail.isEmpty() ? "" : " detail=\"" + detail + "\"");
    }
}
