package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.FakeCheckout;

/**
 * {@code mlos cluster up --nodes cache=2,worker=1 --set mlos.port=11311} gave every node 11311: the
 * first cache node served on it, the second failed to bind it. The memcached nodes take 11311,
 * 11312 in slot order; the worker, which serves no memcached, is given none of its own. The nodes
 * here are shell scripts ({@link FakeCheckout}): what is checked is what each was started with.
 */
@Timeout(120)
class ACacheClustersNodesAllTookThePortGivenTest extends FakeCheckoutTest {

    @Override
    FakeCheckout profiles(FakeCheckout empty) throws IOException {
        return empty.profile("cache", true).servingMemcached("cache").profile("worker", true);
    }

    /** The port a node's command line gives it last (the last --set wins), or 0 for any free one, -1 for none. */
    private int port(long pid) throws Exception {
        Matcher m = Pattern.compile("mlos\\.port=(\\d+)").matcher(checkout.commandLine(pid));
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }

    @Test
    void theMemcachedNodesTakeThePortGivenAndTheNextInSlotOrder() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=2,worker=1", "--set", "mlos.port=11311");
        assertEquals(0, r.code(), r.toString());
        List<Long> caches = checkout.started("cache");
        assertEquals(2, caches.size(), r.toString());
        assertEquals(List.of(11311, 11312), List.of(port(caches.get(0)), port(caches.get(1))), r.toString());
        long worker = checkout.started("worker").get(0);
        assertTrue(!checkout.commandLine(worker).contains("mlos.port=0"), "a worker is given no port of its own: "
                + checkout.commandLine(worker));
    }

    @Test
    void withoutAPortGivenEachMemcachedNodeTakesAFreeOne() throws Exception {
        CliRun.Result r = mlos.run("cluster", "up", "--nodes", "cache=2");
        assertEquals(0, r.code(), r.toString());
        for (long pid : checkout.started("cache")) {
            assertEquals(0, port(pid), checkout.commandLine(pid));
        }
    }
}
