package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.SwapAware;

/** The report's calls held: N callers held during the check must read N. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeldCountTest {

    static final int N = 6;

    static class WaitsForCallers extends MapLedger implements SwapAware {
        volatile List<Thread> callers = List.of();
        volatile boolean fail;

        WaitsForCallers(String name) {
            super(name, true);
        }

        @Override
        public void beforeServing() throws Exception {
            List<Thread> ts = callers;
            for (int spins = 0; spins < 20_000; spins++) {
                if (ts.size() == N && ts.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING)) {
                    break;
                }
                Thread.sleep(1);
            }
            if (fail) {
                throw new Exception("refused");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void heldCallsAreCounted(boolean rollback) throws Exception {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        // callers start once the check runs: they start from the check itself
        WaitsForCallers target = new WaitsForCallers("d") {
            @Override
            public void beforeServing() throws Exception {
                List<Thread> ts = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    int k = i;
                    ts.add(Thread.ofPlatform().start(() -> h.add("held" + k, 1)));
                }
                callers = ts;
                super.beforeServing();
            }
        };
        target.fail = rollback;
        kernel.install(Ledger.class, "d", target, 0);
        SwapReport r = kernel.swap("Ledger", "d");
        for (Thread t : target.callers) {
            t.join();
        }
        System.out.println(r.toLine());
        assertEquals(rollback ? SwapOutcome.ROLLED_BACK : SwapOutcome.COMPLETED, r.outcome());
        for (int i = 0; i < N; i++) {
            assertEquals(1, h.get("held" + i));
        }
        assertTrue(target.callers.stream().allMatch(t -> !t.isAlive()));
        assertEquals(N, r.callsHeld(), r.toLine());
    }
}
