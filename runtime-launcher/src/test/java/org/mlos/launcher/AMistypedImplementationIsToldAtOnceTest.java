package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.KindInfo;
import org.osgi.framework.BundleContext;

/**
 * {@code --set mlos.kind.KeyValueStore=nosuch} (or a misspelled kind) held the node for its whole
 * ready timeout, 30 s, before it said what was wrong, though the installed implementations were
 * known at once. The node now says so while it waits: what no installed bundle provides, and what is.
 */
class AMistypedImplementationIsToldAtOnceTest {

    private static final KindInfo STORE = new KindInfo("org.mlos.mem.api.KeyValueStore", "slab",
            List.of("heap", "log", "lru", "slab"), 0, 0, false, true);

    @Test
    void anImplementationNoBundleProvidesIsNamedWithThoseInstalled() throws Exception {
        List<String> unmet = PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "nosuch")).unmet(withKernel());
        assertEquals(List.of("mlos.kind.KeyValueStore=nosuch: no bundle has registered implementation nosuch of"
                + " KeyValueStore (registered: heap, log, lru, slab): a typo, or did its bundle fail to register it (an ERROR"
                + " above says why)?"), unmet);
    }

    /** An outsider's {@code mlos.kind.Ledger=strped} got the registered names but no nearest one, as a store's typo did. */
    @Test
    void anImplementationNearOneRegisteredIsNamed() throws Exception {
        List<String> unmet = PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "slabb")).unmet(withKernel());
        assertEquals(List.of("mlos.kind.KeyValueStore=slabb: no bundle has registered implementation slabb of"
                + " KeyValueStore (registered: heap, log, lru, slab): did you mean mlos.kind.KeyValueStore=slab? a typo, or did"
                + " its bundle fail to register it (an ERROR above says why)?"), unmet);
    }

    @Test
    void aKindNoBundleProvidesIsNamedWithTheKindsThereAre() throws Exception {
        List<String> unmet = PreferredImplementations.of(Map.of("mlos.kind.KeyValueStor", "heap")).unmet(withKernel());
        assertEquals(List.of("mlos.kind.KeyValueStor=heap names a kind no bundle has registered (kinds: KeyValueStore):"
                + " did you mean mlos.kind.KeyValueStore?"), unmet, "the kind nearest the typo (an outsider's: none was named)");
        assertEquals(List.of("mlos.kind.Scheduler=fifo names a kind no bundle has registered (kinds: KeyValueStore): a typo?"),
                PreferredImplementations.of(Map.of("mlos.kind.Scheduler", "fifo")).unmet(withKernel()), "none near");
    }

    @Test
    void installedImplementationsAndRemoteOnesAreNotTold() throws Exception {
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "heap")).unmet(withKernel()).isEmpty());
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "heap@store")).unmet(withKernel()).isEmpty());
    }

    @Test
    void theWaitTellsOnceWhileItGoesOnAndStillEndsAtItsTimeout() throws Exception {
        List<String> told = new ArrayList<>();
        ReadyWait wait = new ReadyWait(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "nosuch")), 2_500,
                told::add);
        List<Readiness.Problem> left = wait.await(withKernel(), false);
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).contains("no bundle has registered implementation nosuch") && told.get(0)
                .contains("waiting up to 2 s for one to register"), told.get(0));
        assertEquals(1, left.size(), "the node is still not ready: " + left);
    }

    /**
     * With durability, the same typo ({@code mlos.kind.KeyValueStore=slabb}, which becomes the store
     * behind the durable one) held the node its whole ready timeout, naming only the memcached
     * server's unsatisfied reference (an outsider's trial).
     */
    @Test
    void theStoreBehindADurableOneIsToldWhenNoBundleRegisteredIt() throws Exception {
        Map<String, String> durable = Map.of("mlos.kind.KeyValueStore", "durable", "mlos.fault.store", "slabb");
        assertEquals(List.of("the store behind the durable one, slabb (mlos.fault.store, or mlos.kind.KeyValueStore on a"
                + " durable node): no bundle has registered implementation slabb of KeyValueStore (registered: heap, log,"
                + " lru, slab): did you mean slab?"), PreferredImplementations.of(durable).unmetBehind(withKernel()));
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "durable", "mlos.fault.store", "heap"))
                .unmetBehind(withKernel()).isEmpty(), "one registered");
        assertTrue(PreferredImplementations.of(Map.of("mlos.fault.store", "slabb")).unmetBehind(withKernel()).isEmpty(),
                "no durable store: the setting is not read");
    }

    @Test
    void theWaitTellsTheStoreBehindWhileItGoesOn() throws Exception {
        List<String> told = new ArrayList<>();
        ReadyWait wait = new ReadyWait(PreferredImplementations.of(Map.of("mlos.kind.KeyValueStore", "durable",
                "mlos.fault.store", "slabb")), 2_500, told::add, 500_000_000L);
        wait.await(withKernel(), false);
        assertTrue(told.stream().anyMatch(t -> t.startsWith("the store behind the durable one, slabb") && t.endsWith(
                "waiting up to 2 s for one to register")), told.toString());
    }

    /** A framework with no bundles to wait for and a kernel that knows the store kind, served by slab. */
    private static BundleContext withKernel() {
        return KernelOnlyContext.with(STORE);
    }
}
