package org.mlos.cluster.testing;

import java.util.List;
import java.util.Optional;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapReport;

/**
 * A kernel of one kind, Store, with implementations heap and slab, whose active implementation a
 * test sets and its swaps change: for the cluster's node tasks, which need a kernel to swap and
 * nothing more. Swaps are the test's ({@link #swap(String, String)}); every swap may go.
 */
public abstract class OneStoreKernel implements Kernel {

    /** The implementation serving Store. */
    public volatile String active = "heap";

    @Override
    public Optional<String> checkSwap(String kind, String impl) {
        return Optional.empty();
    }

    @Override
    public List<KindInfo> kinds() {
        return List.of(new KindInfo("Store", active, List.of("heap", "slab"), 0, 0, false, true));
    }

    @Override
    public Optional<KindInfo> kind(String kind) {
        return Optional.of(kinds().get(0));
    }

    @Override
    public List<SwapReport> history() {
        return List.of();
    }
}
