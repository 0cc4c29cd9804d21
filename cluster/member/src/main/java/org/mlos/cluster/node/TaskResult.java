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

    /** As it travels back to the sender, inside the sealed reply ({@link Wire}: outcome, millis, reason, detail). */
    Wire.Writer write(Wire.Writer w) {
        return w.string(outcome).number(millis).string(reason).string(detail);
    }

    static TaskResult read(Wire.Reader r) {
        TaskResult t = new TaskResult(r.string(), r.number(), r.string(), r.string());
        if (t.outcome() == null) {
            throw new IllegalArgumentException("malformed task result: no outcome");
        }
        return t;
    }
}
