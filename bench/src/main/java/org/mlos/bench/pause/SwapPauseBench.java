package org.mlos.bench.pause;

import java.util.List;
import java.util.concurrent.Callable;

import org.mlos.bench.BenchLine;
import org.mlos.bench.kinds.CellStore;
import org.mlos.bench.kinds.Cells;
import org.mlos.bench.kinds.HeldCells;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The caller-visible stall of swaps under load, at three state sizes, for a live swap (copy
 * while serving, replay the keys changed) and, side by side, a held swap (K42: callers held for
 * the whole copy).
 */
@Command(name = "swap-pause", mixinStandardHelpOptions = true,
        description = "Stall seen by two callers at full speed while swaps go back and forth: 1,000 swaps at 1k entries, "
                + "100 at 100k, 20 at 1M; live swaps and, as the K42 baseline, held ones. stall = how long the swap "
                + "held callers; call = slowest call overlapping a swap as callers saw it (preemption included: two "
                + "callers and the swapper share two cores); baseline_call = the same for windows of equal length with "
                + "no swap. Then 1,000 swaps at 1k entries with six callers, more than the cores (rows callers=6).")
public final class SwapPauseBench implements Callable<Integer> {

    @Option(names = "--quick", description = "a tenth of the swaps")
    boolean quick;

    @Option(names = "--callers", defaultValue = "2", description = "caller threads (default ${DEFAULT-VALUE})")
    int callers;

    @Option(names = "--crowded-callers", defaultValue = "6",
            description = "callers for the extra 1k-entry rows where callers outnumber the cores (default ${DEFAULT-VALUE}; 0: none)")
    int crowded;

    private record Size(int entries, int swaps) {
    }

    @Override
    public Integer call() throws Exception {
        List<Size> sizes = List.of(new Size(1_000, 1_000), new Size(100_000, 100), new Size(1_000_000, 20));
        for (Size size : sizes) {
            int swaps = quick ? Math.max(4, size.swaps() / 10) : size.swaps();
            PauseRun.Result live = run(true, size.entries(), swaps);
            print("live", size.entries(), live, callers);
            PauseRun.Result held = run(false, size.entries(), swaps);
            print("held", size.entries(), held, callers);
            BenchLine.of("swap-pause").with("entries", size.entries())
                    .with("stall_p99_ratio_live_vs_held", live.stallP99Us() / held.stallP99Us()).print();
        }
        if (crowded > 0) {
            int swaps = quick ? 100 : 1_000;
            print("live", 1_000, run(true, 1_000, swaps, crowded), crowded);
            print("held", 1_000, run(false, 1_000, swaps, crowded), crowded);
        }
        return 0;
    }

    private PauseRun.Result run(boolean live, int entries, int swaps) throws InterruptedException {
        return run(live, entries, swaps, callers);
    }

    private PauseRun.Result run(boolean live, int entries, int swaps, int callerCount) throws InterruptedException {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(30_000));
        CellStore a = new CellStore();
        a.preload(entries);
        CellStore b = new CellStore();
        PauseRun.Target target;
        String kind;
        if (live) {
            Cells h = kernel.handle(Cells.class);
            kernel.install(Cells.class, "a", a, 0);
            kernel.install(Cells.class, "b", b, 0);
            target = new PauseRun.Target() {
                public long add(long k, long d) { return h.add(k, d); }
                public long get(long k) { return h.get(k); }
            };
            kind = Cells.class.getName();
        } else {
            HeldCells h = kernel.handle(HeldCells.class);
            kernel.install(HeldCells.class, "a", a, 0);
            kernel.install(HeldCells.class, "b", b, 0);
            target = new PauseRun.Target() {
                public long add(long k, long d) { return h.add(k, d); }
                public long get(long k) { return h.get(k); }
            };
            kind = HeldCells.class.getName();
        }
        return new PauseRun(kernel, kind, target, entries, callerCount).run(swaps, "a", "b");
    }

    private static void print(String mode, int entries, PauseRun.Result r, int callerCount) {
        BenchLine.of("swap-pause").with("entries", entries).with("mode", mode).with("callers", callerCount)
                .with("stall_p99_us", r.stallP99Us()).with("stall_max_us", r.stallMaxUs())
                .with("swap_ms_p50", r.swapMsP50()).with("lost", r.lost())
                .with("swaps", r.swaps()).with("failed_swaps", r.failedSwaps()).with("failed_calls", r.failedCalls())
                .with("stall_p50_us", r.stallP50Us()).with("call_p99_us", r.callP99Us())
                .with("call_max_us", r.callMaxUs()).with("baseline_call_p99_us", r.baselineCallP99Us()).print();
    }
}
