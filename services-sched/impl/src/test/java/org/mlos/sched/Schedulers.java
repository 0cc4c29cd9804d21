package org.mlos.sched;

import java.util.stream.Stream;

import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.loops.LoopsScheduler;
import org.mlos.sched.pool.PoolScheduler;
import org.mlos.sched.virtual.VirtualScheduler;

/** The three schedulers, by name, for parameterized tests. */
final class Schedulers {

    private Schedulers() {
    }

    static Stream<String> names() {
        return Stream.of("pool", "loops", "virtual");
    }

    static AbstractScheduler create(String name) {
        return switch (name) {
            case "pool" -> new PoolScheduler(2);
            case "loops" -> new LoopsScheduler(2);
            case "virtual" -> new VirtualScheduler();
            default -> throw new IllegalArgumentException(name);
        };
    }
}
