package org.mlos.sched.api;

import java.util.concurrent.CompletionStage;

import org.mlos.core.state.StateEntry;

/**
 * In the entries state format: a key whose task was still running on the old scheduler when
 * the state moved. The new scheduler runs none of the key's tasks before {@code done} completes.
 *
 * @param affinity the key
 * @param done     completes when that task has finished
 */
public record KeyFence(Object affinity, CompletionStage<?> done) implements StateEntry {

    @Override
    public Object key() {
        return affinity;
    }
}
