package org.mlos.cluster.swap;

import java.io.Serializable;

/**
 * What a task reports back.
 *
 * @param outcome what happened there (COMPLETED, UNCHANGED, REFUSED, FAILED, ...)
 * @param millis  how long it took there
 * @param reason  why it failed, or null
 * @param detail  a task-specific value (the implementation active before a swap...), or null
 */
public record TaskResult(String outcome, long millis, String reason, String detail) implements Serializable {

    private static final long serialVersionUID = 1L;

    TaskResult withMillis(long m) {
        return new TaskResult(outcome, m, reason, detail);
    }

    public boolean ok() {
        return outcome.equals("COMPLETED") || outcome.equals("UNCHANGED") || outcome.equals("READY")
                || outcome.equals("INSTALLED") || outcome.equals("UPDATED");
    }
}
