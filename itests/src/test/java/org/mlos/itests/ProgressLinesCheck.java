package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code cluster up} and {@code mlos scale} print on standard error while they run (see
 * runtime-launcher's README, progress of long operations), checked on their whole output: every
 * progress line well formed, steps in the order they are taken, counts that never go back, and
 * what happened to each node printed once.
 */
final class ProgressLinesCheck {

    private static final Pattern UP = Pattern.compile("mlos:   cluster up: (\\w+-\\d+) \\((\\d+)/(\\d+)\\), pid \\d+: "
            + "(booting|serving, joining the cluster), \\d+\\.\\d s");
    private static final Pattern READY = Pattern.compile("(\\w+-\\d+)  mlos: ready profile=\\w+ pid=\\d+ boot_ms=(\\d+) .*");

    private static final List<String> OUT_STEPS = List.of("starting", "starting 1 node(s)", "waiting for the registry to list the new nodes",
            "copying keys to the new nodes, pass 1", "putting the new nodes on the ring",
            "grace of 1500 ms for clients to see the ring", "copying keys stored since, pass 2");
    private static final Pattern SCALE = Pattern.compile("mlos:   scale cache ([+-]1): ([^,;]+(?:, pass \\d)?)"
            + "(?:, (\\d)/(\\d) nodes (ready|done|drained|stopped))?(?:, ([\\d,]+) keys (copied|re-homed))?, \\d+\\.\\d s(?:; (.*))?");
    private static final Pattern EVENT = Pattern.compile("mlos:     \\w+-\\d+ \\(pid \\d+\\) .*");

    private ProgressLinesCheck() {
    }

    /**
     * {@code cluster up} of {@code nodes} nodes: each of its lines names a node with its place
     * among them; a node whose boot took 3 s or more (its ready line says) had at least one,
     * printed before its ready line.
     */
    static void clusterUp(String output, int nodes) {
        List<String> lines = output.lines().toList();
        List<String> seen = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("mlos:   cluster up:")) {
                Matcher m = UP.matcher(line);
                assertTrue(m.matches(), "a malformed cluster up line: " + line + "\n" + output);
                assertEquals(Integer.toString(nodes), m.group(3), line);
                seen.add(m.group(1));
            }
            Matcher r = READY.matcher(line);
            if (r.matches() && Long.parseLong(r.group(2)) >= 3_000) {
                // its line comes from 1 s on, every second, until the ready line
                assertTrue(seen.contains(r.group(1)), "no progress line for " + r.group(1) + " which took "
                        + r.group(2) + " ms to boot:\n" + output);
            }
        }
    }

    /**
     * {@code scale cache +1}: the scale-out lasts at least its 1.5 s grace period, so at least one
     * line; steps in order, keys copied never going back, each node's event once.
     */
    static void scaleOut(String output) {
        List<Matcher> summaries = summaries(output, "+1");
        assertTrue(!summaries.isEmpty(), "no progress line from a scale-out that waits 1.5 s at least:\n" + output);
        int step = 0;
        long keys = 0;
        for (Matcher m : summaries) {
            int at = OUT_STEPS.indexOf(m.group(2));
            assertTrue(at >= 0, "unknown step " + m.group(2) + ":\n" + output);
            assertTrue(at >= step, "steps out of order:\n" + output);
            step = at;
            if (m.group(6) != null) {
                long k = Long.parseLong(m.group(6).replace(",", ""));
                assertTrue(k >= keys, "keys copied went back:\n" + output);
                keys = k;
            }
            if (m.group(8) != null && m.group(2).startsWith("copying")) {
                assertTrue(m.group(8).matches("\\w+-\\d+ \\(pid \\d+\\): rebalance pass [12]: (reading the store, [\\d,]+ keys to move so far"
                        + "|[\\d,]+/[\\d,]+ keys sent), \\d+\\.\\d s"), "the node's own line: " + m.group());
            }
        }
        eventsOnce(output);
    }

    /** {@code scale cache -1}: the drain waits 1.5 s for clients, so at least one draining line. */
    static void scaleIn(String output) {
        List<Matcher> summaries = summaries(output, "-1");
        assertTrue(summaries.stream().anyMatch(m -> m.group(2).equals("draining")), "no draining line:\n" + output);
        long keys = 0;
        boolean stopping = false;
        for (Matcher m : summaries) {
            if (m.group(2).equals("starting")) { // before the first step is set
                continue;
            }
            assertTrue(m.group(2).equals("draining") || m.group(2).equals("stopping"), m.group());
            assertTrue(!stopping || m.group(2).equals("stopping"), "draining after stopping:\n" + output);
            stopping = m.group(2).equals("stopping");
            long k = Long.parseLong(m.group(6).replace(",", ""));
            assertTrue(k >= keys, "keys re-homed went back:\n" + output);
            keys = k;
            if (m.group(8) != null) {
                assertTrue(m.group(8).matches("\\w+-\\d+ \\(pid \\d+\\): drain(: grace of 1500 ms for clients to leave this node| pass \\d: "
                        + "(reading the store, [\\d,]+ keys to move so far|[\\d,]+/[\\d,]+ keys sent)), \\d+\\.\\d s"),
                        "the node's own line: " + m.group());
            }
        }
        eventsOnce(output);
    }

    private static List<Matcher> summaries(String output, String change) {
        List<Matcher> out = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("mlos:   scale ")) {
                Matcher m = SCALE.matcher(line);
                assertTrue(m.matches(), "a malformed scale line: " + line + "\n" + output);
                assertEquals(change, m.group(1), line);
                out.add(m);
            }
        }
        return out;
    }

    private static void eventsOnce(String output) {
        List<String> events = output.lines().filter(l -> EVENT.matcher(l).matches()).toList();
        assertEquals(events.size(), events.stream().distinct().count(), "an event printed twice:\n" + output);
    }
}
