package org.mlos.fault.chronicle;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;

/**
 * Chronicle's clock for a journal: Chronicle picks the cycle file an excerpt goes to from the
 * time, and the {@code Journal} kind rolls on request, not by the hour. This clock stands in the
 * middle of the cycle it was moved to and moves only when told.
 */
final class CycleClock implements TimeProvider {

    private final long length;
    private volatile int cycle;

    CycleClock(RollCycle rollCycle) {
        this.length = rollCycle.lengthInMillis();
    }

    int cycle() {
        return cycle;
    }

    void moveTo(int cycle) {
        this.cycle = cycle;
    }

    @Override
    public long currentTimeMillis() {
        return cycle * length + length / 2;
    }
}
