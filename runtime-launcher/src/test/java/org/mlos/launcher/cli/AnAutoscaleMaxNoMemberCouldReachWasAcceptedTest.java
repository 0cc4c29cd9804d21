package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.scale.AutoscaleRule;

/**
 * An outsider's {@code cluster up --autoscale cache=1..99999} was accepted, though the members find
 * each other on 20 ports, one node each: nodes past them would never join.
 */
class AnAutoscaleMaxNoMemberCouldReachWasAcceptedTest {

    private static ClusterCommand.Up up(String autoscale, String... sets) {
        ClusterCommand.Up up = new ClusterCommand.Up();
        up.autoscale = List.of(autoscale.split(","));
        up.sets = List.of(sets);
        return up;
    }

    @Test
    void aMaxPastTheMemberPortsIsRefusedSayingWhatToDo() {
        ClusterCommand.Up up = up("cache=1..99999");
        String m = assertThrows(IllegalArgumentException.class,
                () -> up.requireRoomToScale(AutoscaleRule.parseAll(up.autoscale), ClusterCommand.Up.parse(List.of("cache=1", "worker=1"))))
                .getMessage();
        assertEquals("--autoscale cache=1..99999 lets the cluster grow to 100000 nodes {cache=99999, worker=1}, but its"
                + " members find each other on 20 ports (mlos.cluster.port.count), one node each: lower the max, or give more"
                + " ports with --set mlos.cluster.port.count=100000", m);
    }

    @Test
    void everyRulesMaxCountsTogether() {
        ClusterCommand.Up up = up("cache=1..10,worker=1..11");
        assertThrows(IllegalArgumentException.class,
                () -> up.requireRoomToScale(AutoscaleRule.parseAll(up.autoscale), Map.of("cache", 1, "worker", 1)));
        ClusterCommand.Up fits = up("cache=1..10,worker=1..10");
        fits.requireRoomToScale(AutoscaleRule.parseAll(fits.autoscale), Map.of("cache", 1, "worker", 1));
        ClusterCommand.Up more = up("cache=1..40", "mlos.cluster.port.count=41");
        more.requireRoomToScale(AutoscaleRule.parseAll(more.autoscale), Map.of("cache", 1));
    }
}
