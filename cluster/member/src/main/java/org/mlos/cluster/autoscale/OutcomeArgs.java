package org.mlos.cluster.autoscale;

import java.util.List;

/** {@code autoscale outcome <id> <profile> done|failed|refused [before=n after=n moved=n ms=n] [detail…]}, read. */
final class OutcomeArgs {

    private OutcomeArgs() {
    }

    static ScaleOutcome parse(List<String> args) {
        if (args.size() < 3) {
            throw new IllegalArgumentException(Autoscaler.USAGE);
        }
        long[] figures = { -1, -1, 0, 0 }; // before, after, moved, ms
        List<String> names = List.of("before", "after", "moved", "ms");
        int i = 3;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            int k = eq < 0 ? -1 : names.indexOf(a.substring(0, eq));
            if (k < 0) {
                break; // the detail starts here
            }
            try {
                figures[k] = Long.parseLong(a.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("outcome figure " + a.substring(0, eq) + " takes a whole number, not '"
                        + a.substring(eq + 1) + "'");
            }
        }
        String detail = String.join(" ", args.subList(i, args.size()));
        return new ScaleOutcome(args.get(0), args.get(1), args.get(2), (int) figures[0], (int) figures[1], figures[2],
                figures[3], detail, System.currentTimeMillis());
    }
}
