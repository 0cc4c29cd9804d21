package org.mlos.cluster.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;

/**
 * An outsider's rollouts: an update of the bundle of a ledger's active implementation made the
 * kernel swap off it as it went, the import failed, the swap was FORCED and every account lost, and
 * the rollout said UPDATED; an update of the kind's API bundle restarted every implementation at
 * once and emptied every node's ledger, UPDATED. The kinds an update restarts are moved to an
 * implementation outside it first, and back after; a move that fails refuses the update with the
 * old implementation serving its state, and a kind none outside can hold is refused unless the
 * operator accepts that it starts empty.
 */
class AnUpdateLostItsKindsStateTest {

    private static final String KIND = Accounts.class.getName();

    private final SwapKernel kernel = new SwapKernel();
    private final Accounts accounts = kernel.handle(Accounts.class);
    private final KindsAside aside = new KindsAside(null, kernel);

    private void fill() {
        for (int i = 0; i < 1_000; i++) {
            accounts.add("a" + i, i);
        }
    }

    private void assertWhole() {
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, accounts.balance("a" + i), "a" + i + " on " + accounts.who());
        }
    }

    @Test
    void theKindMovesAsideAndBackToTheNewVersionWithItsState() throws Exception {
        MapAccounts old = new MapAccounts("map", false);
        kernel.install(Accounts.class, "map", old, 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        List<KindsAside.Move> moves = aside.moveAside(restart(Map.of(KIND, Set.of("map")), false), false).moves();
        assertEquals(List.of(new KindsAside.Move(KIND, "map", "striped")), moves);
        assertEquals("striped", accounts.who());
        assertWhole();
        // the update: the old version's implementation goes, the new one comes
        SwapReport since = aside.last();
        assertNull(kernel.uninstall(Accounts.class, "map", old), "not serving: no swap as it goes");
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        assertNull(aside.moveBack(moves));
        assertEquals("map", accounts.who());
        assertWhole();
        assertEquals(List.of(), aside.wrongSince(since));
    }

    @Test
    void aMoveThatFailsRefusesTheUpdateWithTheOldVersionServingItsState() {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", true), 0);
        fill();
        KindsAside.Refused r = assertThrows(KindsAside.Refused.class,
                () -> aside.moveAside(restart(Map.of(KIND, Set.of("map")), false), false));
        assertTrue(r.getMessage().contains("moving kind " + KIND + "'s state off map (to striped) before the update ROLLED_BACK")
                && r.getMessage().contains("striped: cannot take"), r.getMessage());
        assertEquals("map", accounts.who());
        assertWhole();
    }

    @Test
    void aKindEveryImplementationOfWhichRestartsIsRefusedUnlessAccepted() throws Exception {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        KindsAside.Restart api = restart(Map.of(KIND, Set.of("map", "striped")), true);
        KindsAside.Refused r = assertThrows(KindsAside.Refused.class, () -> aside.moveAside(api, false));
        assertTrue(r.getMessage().startsWith("it restarts kind " + KIND + "'s own API bundle, and with it every implementation"
                + " of the kind (map, striped; map serves it)") && r.getMessage().contains("--restart-kinds")
                && !r.getMessage().contains("Install another"), "no advice that cannot work: " + r.getMessage());
        KindsAside.Restart oneBundle = restart(Map.of(KIND, Set.of("map", "striped")), false);
        r = assertThrows(KindsAside.Refused.class, () -> aside.moveAside(oneBundle, false));
        assertTrue(r.getMessage().startsWith("it restarts com.example.impls, which holds every implementation of kind " + KIND
                + " that runs on this node")
                && r.getMessage().contains("Install another implementation of it in a bundle of its own first"), r.getMessage());
        KindsAside.Plan accepted = aside.moveAside(api, true);
        assertEquals(List.of(), accepted.moves(), "accepted: nothing to move");
        assertEquals(List.of(KIND), accepted.restarted(), "what the report says restarted");
        assertEquals("map", accounts.who());
        assertWhole();
    }

    @Test
    void aKindThatCannotMoveRefusesBeforeAnyOtherMoves() {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        // a first kind could move; a second one, which the update holds whole, refuses: nothing moves
        Map<String, Set<String>> inside = new java.util.LinkedHashMap<>();
        inside.put(KIND, Set.of("map"));
        inside.put(Other.class.getName(), Set.of("only"));
        kernel.install(Other.class, "only", () -> "x", 0);
        long swaps = kernel.history().size();
        assertThrows(KindsAside.Refused.class, () -> aside.moveAside(new KindsAside.Restart(inside, Map.of(), Set.of()), false));
        assertEquals("map", accounts.who(), "not moved");
        assertEquals(swaps, kernel.history().size(), "the plan is made before any swap: nothing moved, nothing back");
        assertWhole();
    }

    /** A reviewer's: a cache node's store moved aside into the cluster's map would take every node's items back. */
    @Test
    void noKindMovesToAnImplementationThatServesElsewhere() throws Exception {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        kernel.install(Accounts.class, "cluster", new MapAccounts("cluster", false), 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        KindsAside.Restart r = new KindsAside.Restart(Map.of(KIND, Set.of("map")), Map.of(KIND, Set.of("com.example.map")),
                Set.of(), Map.of(KIND, Set.of("cluster")));
        assertEquals(List.of(new KindsAside.Move(KIND, "map", "striped")), aside.moveAside(r, false).moves());
        assertWhole();
    }

    /**
     * The kinds moved aside were checked as soon as the new version started: an implementation its
     * component registered a moment later (its configuration arriving on another thread) read as
     * not back, and the update was restored. The rollout waits for it, a bounded while.
     */
    @Test
    void anImplementationRegisteredAMomentAfterTheUpdateIsWaitedFor() throws Exception {
        MapAccounts old = new MapAccounts("map", false);
        kernel.install(Accounts.class, "map", old, 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        KindsAside.Plan plan = aside.moveAside(restart(Map.of(KIND, Set.of("map")), false), false);
        kernel.uninstall(Accounts.class, "map", old);
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        Thread late = new Thread(() -> {
            try {
                waiting.await();
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        });
        late.start();
        waiting.countDown();
        aside.awaitBack(plan, 60_000); // returns as the implementation registers
        assertNull(aside.moveBack(plan.moves()));
        late.join();
        assertEquals("map", accounts.who());
        assertWhole();
    }

    /** A reviewer's: a new version that no longer registers the implementation left the kind aside, UPDATED. */
    @Test
    void aNewVersionWithoutTheImplementationDoesNotTakeItsKindBack() throws Exception {
        MapAccounts old = new MapAccounts("map", false);
        kernel.install(Accounts.class, "map", old, 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        List<KindsAside.Move> moves = aside.moveAside(restart(Map.of(KIND, Set.of("map")), false), false).moves();
        kernel.uninstall(Accounts.class, "map", old);
        String failed = aside.moveBack(moves);
        assertTrue(failed != null && failed.contains("no bundle registers map now, striped holding it meanwhile"), failed);
        assertWhole();
    }

    /**
     * A reviewer's: a store node hosts {@code map} for a cache node ({@code map@store}); an update
     * of map's bundle there ended that instance, with every item of the cache node. It is refused
     * with nothing moved, the node's own kind included, unless the operator lets the instances end.
     */
    @Test
    void instancesHostedForOtherNodesRefuseTheUpdateUnlessAccepted() throws Exception {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", false), 0);
        fill();
        KindsAside.Restart r = new KindsAside.Restart(Map.of(KIND, Set.of("map")), Map.of(KIND, Set.of("com.example.map")),
                Set.of(), Map.of(), List.of(new KindsAside.Held(KIND, "map", KindsAside.REMOTE_HOST)));
        long swaps = kernel.history().size();
        KindsAside onStore = new KindsAside(null, kernel, "store");
        KindsAside.Refused refused = assertThrows(KindsAside.Refused.class, () -> onStore.moveAside(r, false));
        assertTrue(refused.getMessage().startsWith("it restarts the instances of map (kind " + KIND + ") this node hosts for"
                + " other nodes: they would end with it") && refused.getMessage().contains("Swap those nodes' kind off map@store")
                && refused.getMessage().contains("--restart-kinds"), refused.getMessage());
        assertEquals(swaps, kernel.history().size(), "nothing moved");
        assertEquals("map", accounts.who());

        KindsAside.Plan accepted = onStore.moveAside(r, true);
        assertEquals(List.of(new KindsAside.Move(KIND, "map", "striped")), accepted.moves(), "the node's own kind still moves");
        assertEquals(r.held(), accepted.ended(), "what the report says ended");
        assertWhole();
    }

    @Test
    void instancesABundleHoldsItselfAreNamedWithTheirHolder() {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        KindsAside.Restart r = new KindsAside.Restart(Map.of(KIND, Set.of("map")), Map.of(KIND, Set.of("com.example.map")),
                Set.of(), Map.of(), List.of(new KindsAside.Held(KIND, "map", "com.example.reports")));
        KindsAside.Refused refused = assertThrows(KindsAside.Refused.class, () -> aside.moveAside(r, false));
        assertTrue(refused.getMessage().startsWith("it restarts the instances of map (kind " + KIND + ") bundle"
                + " com.example.reports holds itself") && refused.getMessage().contains("Stop the bundles holding them first")
                && !refused.getMessage().contains("Swap those nodes"), refused.getMessage());
    }

    @Test
    void wrongSwapsAreTheOnesAfterTheLastBefore() {
        kernel.install(Accounts.class, "map", new MapAccounts("map", false), 0);
        kernel.install(Accounts.class, "striped", new MapAccounts("striped", true), 0);
        accounts.add("x", 1);
        SwapReport failed = kernel.swap(KIND, "striped");
        assertEquals(SwapOutcome.ROLLED_BACK, failed.outcome());
        assertEquals(List.of(failed), aside.wrongSince(null));
        assertEquals(List.of(), aside.wrongSince(failed));
    }

    /** An update restarting {@code impls}, held by one bundle, com.example.impls, or by the kind's own API bundle too. */
    private static KindsAside.Restart restart(Map<String, Set<String>> impls, boolean ownApi) {
        Map<String, Set<String>> holders = new java.util.HashMap<>();
        impls.keySet().forEach(k -> holders.put(k, Set.of("com.example.impls")));
        return new KindsAside.Restart(impls, holders, ownApi ? impls.keySet() : Set.of());
    }

    /** A stateless kind has nothing to lose: it is not restarted in place, whatever the kernel swaps it to serves meanwhile. */
    @Test
    void aStatelessKindIsNotAmongTheKindsRestarted() throws Exception {
        kernel.install(Policy.class, "fifo", () -> "fifo", 0);
        KindsAside.Plan plan = aside.moveAside(new KindsAside.Restart(Map.of(Policy.class.getName(), Set.of("fifo")),
                Map.of(), Set.of()), true);
        assertEquals(List.of(), plan.restarted());
        assertEquals(List.of(), plan.moves());
    }

    /** A stateless kind. */
    @org.mlos.core.api.Kind(stateless = true)
    public interface Policy {
        String name();
    }

    /** A kind whose state is its own; its one implementation is in the restarted bundle. */
    @org.mlos.core.api.Kind
    public interface Other {
        @org.mlos.core.api.Mutates
        String name();
    }
}
