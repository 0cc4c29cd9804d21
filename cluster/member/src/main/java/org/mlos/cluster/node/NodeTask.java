package org.mlos.cluster.node;

import java.util.List;

/**
 * Work for one member: an operation name and its arguments, which is all that travels (sealed, see
 * {@code org.mlos.cluster.task.SealedTask}); the receiver makes the task again from them through the node's
 * {@link TaskTypes} and runs it against its kernel and framework.
 */
public abstract class NodeTask {

    private final String op;
    private final List<String> args;

    protected NodeTask(String op, String... args) {
        this.op = op;
        this.args = java.util.Collections.unmodifiableList(java.util.Arrays.asList(args.clone()));
    }

    public final String op() {
        return op;
    }

    public final List<String> args() {
        return args;
    }

    /** Runs the task here, timing it; a task that throws has FAILED. */
    public final TaskResult runOn(LocalNode node) {
        long start = System.nanoTime();
        try {
            return run(node).withMillis((System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            return new TaskResult(TaskOutcome.FAILED, (System.nanoTime() - start) / 1_000_000, String.valueOf(e.getMessage()), null);
        }
    }

    protected abstract TaskResult run(LocalNode node);
}
