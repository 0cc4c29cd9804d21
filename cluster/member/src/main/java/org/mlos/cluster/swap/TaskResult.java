package org.mlos.cluster.swap;

import org.mlos.cluster.wire.Wire;

/**
 * What a task reports back.
 *
 * @param outcome what happened there (COMPLETED, UNCHANGED, REFUSED, FAILED, ...)
 * @param millis  how long it took there
 * @param reason  why it failed, or null
 * @param detail  a task-specific value (the implementation active before a swap...), or null
 */
public record TaskResult(String outcome, long millis, String reason, String detail) {

    TaskResult withMillis(long m) {
        return new TaskResult(outcome, m, reason, detail);
    }

    public boolean ok() {
        return outcome.equals("COMPLETED") || outcome.equals("UNCHANGED") || outcome.equals("READY")
                || outcome.equals("INSTALLED") || outcome.equals("UPDATED");
    }

    /** As it travels back to the sender ({@link Wire}: outcome, millis, reason, detail). */
    byte[] encode() {
        return new Wire.Writer().string(outcome).number(millis).string(reason).string(detail).bytes();
    }

    static TaskResult decode(byte[] bytes) {
        Wire.Reader r = new Wire.Reader(bytes);
        TaskResult t = new TaskResult(r.string(), r.number(), r.string(), r.string());
        r.end();
        if (t.outcome() == null) {
            throw new IllegalArgumentException("malformed task result: no outcome");
        }
        return t;
    }
}
