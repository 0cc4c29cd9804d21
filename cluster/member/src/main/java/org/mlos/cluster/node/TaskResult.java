package org.mlos.cluster.node;

import org.mlos.cluster.wire.Wire;

/**
 * What a task reports back.
 *
 * @param outcome what happened there
 * @param millis  how long it took there
 * @param reason  why it failed, or null
 * @param detail  a task-specific value (the implementation active before a swap...), or null
 */
public record TaskResult(TaskOutcome outcome, long millis, String reason, String detail) {

    public TaskResult {
        if (outcome == null) {
            throw new IllegalArgumentException("a task result needs an outcome");
        }
    }

    public TaskResult withMillis(long m) {
        return new TaskResult(outcome, m, reason, detail);
    }

    public boolean ok() {
        return outcome.ok();
    }

    /** As it travels back to the sender, inside the sealed reply ({@link Wire}: outcome, millis, reason, detail). */
    public Wire.Writer write(Wire.Writer w) {
        return w.string(outcome.name()).number(millis).string(reason).string(detail);
    }

    /** Reads what {@link #write} wrote; an outcome this node does not know is malformed. */
    public static TaskResult read(Wire.Reader r) {
        String outcome = r.string();
        if (outcome == null) {
            throw new IllegalArgumentException("malformed task result: no outcome");
        }
        TaskOutcome o;
        try {
            o = TaskOutcome.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed task result: unknown outcome " + outcome);
        }
        return new TaskResult(o, r.number(), r.string(), r.string());
    }
}
