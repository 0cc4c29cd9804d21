package org.mlos.cluster.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.testing.StubCluster;

/**
 * An outsider's {@code mlos swap KeyValueStore heap --cluster --timeout 0} swapped the cluster
 * with the default 60 s, and {@code --timeout -3} was taken as silently: refused now, saying what
 * the option takes; nothing is asked of the cluster.
 */
class ASwapTimeoutOfZeroWasTakenForTheDefaultTest {

    private final List<ClusterSwapRequest> asked = new ArrayList<>();
    private final ClusterCommands commands = new ClusterCommands(new StubCluster() {
        @Override
        public ClusterSwapReport swap(ClusterSwapRequest request) {
            asked.add(request);
            return new ClusterSwapReport(request, ClusterSwapReport.Outcome.COMPLETED, 1, List.of(), null);
        }
    });

    @Test
    void aTimeoutBelowOneSecondOrNotANumberIsRefusedSayingWhatItTakes() {
        for (String bad : List.of("0", "-3", "five", "1.5")) {
            String reply = commands.execute(List.of("swap", "KeyValueStore", "heap", "--timeout", bad));
            assertTrue(reply.startsWith("error: --timeout takes whole seconds, 1 or more"), reply);
            assertTrue(reply.endsWith("not '" + bad + "'"), reply);
        }
        assertEquals(List.of(), asked, "nothing was asked of the cluster");

        assertTrue(commands.execute(List.of("swap", "KeyValueStore", "heap", "--timeout", "5")).startsWith("COMPLETED"));
        assertEquals(Duration.ofSeconds(5), asked.get(0).timeout());
    }
}
