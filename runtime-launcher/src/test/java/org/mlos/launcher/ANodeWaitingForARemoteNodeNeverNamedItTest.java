package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.KindInfo;

/**
 * A web node started with no full node in its cluster waited its whole ready timeout, then named
 * only a component's unsatisfied references ({@code commands, files}), never the node it lacked.
 * It now says, while it waits and in its report, which remote preference is unmet and what node
 * would meet it.
 */
class ANodeWaitingForARemoteNodeNeverNamedItTest {

    private static final String FILES = "org.mlos.bridge.api.HostFiles";

    private static KindInfo files(String active) {
        return new KindInfo(FILES, active, active == null ? List.of() : List.of(active), 0, 0, true, true);
    }

    @Test
    void aRemotePreferenceNoNodeHasMetNamesTheNodeAndHowToStartIt() throws Exception {
        List<String> waits = PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk@full"))
                .remoteWaits(KernelOnlyContext.with());
        assertEquals(List.of("mlos.kind.HostFiles=disk@full: nothing in the cluster has offered disk@full yet: no node or"
                + " profile named full has joined (start one with this cluster's name and secret, e.g. mlos run full), or it"
                + " could not be reached (this node's log says why: its terminal, or the log file of a node in the"
                + " background)"), waits);
    }

    /** A node id is no profile: the hint said {@code mlos run <uuid>}, which starts nothing. */
    @Test
    void aPreferenceNamingANodeIdSaysWhereIdsAreListedNotWhatToRun() throws Exception {
        String id = "b3c0acd2-3e8d-4c52-9e57-4bb43dafe3f3";
        List<String> waits = PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk@" + id))
                .remoteWaits(KernelOnlyContext.with());
        assertEquals(List.of("mlos.kind.HostFiles=disk@" + id + ": nothing in the cluster has offered disk@" + id
                + " yet: no node with the id " + id + " has joined (a node's id is new at every start: mlos nodes lists"
                + " those in the cluster; name a profile instead to take any node of it), or it could not be reached"
                + " (this node's log says why: its terminal, or the log file of a node in the background)"), waits);
    }

    @Test
    void aKindKnownButServedElsewhereStillWaits() throws Exception {
        assertEquals(1, PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk@full"))
                .remoteWaits(KernelOnlyContext.with(files("disk"))).size());
    }

    @Test
    void aRemotePreferenceServedOrBeingSwappedToAndLocalOnesAreNotTold() throws Exception {
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk@full"))
                .remoteWaits(KernelOnlyContext.with(files("disk@full"))).isEmpty());
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk@full")).remoteWaits(KernelOnlyContext.with(
                new KindInfo(FILES, "disk", List.of("disk", "disk@full"), 0, 0, true, true))).isEmpty());
        assertTrue(PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk", "mlos.kind.HostCommands", "exec@"))
                .remoteWaits(KernelOnlyContext.with()).isEmpty());
    }

    @Test
    void theWaitTellsOnceAfterItsDelayAndTheReportNamesItToo() throws Exception {
        List<String> told = new ArrayList<>();
        ReadyWait wait = new ReadyWait(PreferredImplementations.of(Map.of("mlos.kind.HostFiles", "disk@full")), 1_600,
                told::add, 1_000_000_000L);
        List<Readiness.Problem> left = wait.await(KernelOnlyContext.with(files(null)), false);
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).startsWith("mlos.kind.HostFiles=disk@full: nothing in the cluster has offered disk@full")
                && told.get(0).endsWith("; waiting up to 1 s"), told.get(0));
        assertEquals(1, left.size(), "the node is still not ready: " + left);
        assertEquals(1, wait.remoteWaits(KernelOnlyContext.with(files(null))).size());
    }
}
