package org.mlos.core.api;

import java.util.List;

/** How kinds and swap reports are shown to people: the shell commands and the command line. */
public final class KernelText {

    private KernelText() {
    }

    /** A table of kinds: name, active implementation, candidates, calls served. */
    public static String kinds(List<KindInfo> kinds) {
        if (kinds.isEmpty()) {
            return "no kinds (no implementation carrying " + Kernel.IMPL + " is installed)";
        }
        // each column as wide as its widest cell: a cache node's six candidates pushed CALLS and SWAPS out of line
        int width = "KIND".length();
        int active = 12;
        int candidates = 30;
        for (KindInfo k : kinds) {
            width = Math.max(width, k.kind().length());
            active = Math.max(active, k.active() == null ? 0 : k.active().length());
            candidates = Math.max(candidates, String.join(",", k.candidates()).length());
        }
        StringBuilder b = new StringBuilder();
        String row = "%-" + width + "s  %-" + active + "s  %-" + candidates + "s  %12s  %5s%n";
        b.append(String.format(row, "KIND", "ACTIVE", "CANDIDATES", "CALLS", "SWAPS"));
        for (KindInfo k : kinds) {
            b.append(String.format(row, k.kind(), k.active() == null ? "(none)" : k.active(),
                    String.join(",", k.candidates()), k.callsServed() < 0 ? "-" : Long.toString(k.callsServed()),
                    k.swaps()));
        }
        return b.toString();
    }

    /** Swap reports, one per line, oldest first. */
    public static String history(List<SwapReport> reports) {
        if (reports.isEmpty()) {
            return "no swaps yet";
        }
        StringBuilder b = new StringBuilder();
        for (SwapReport r : reports) {
            b.append(r.toLine()).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** The swaps under way, one line each ({@link SwapProgress#toLine()}), or a line saying there is none. */
    public static String swaps(List<SwapProgress> swaps) {
        if (swaps.isEmpty()) {
            return "no swap under way";
        }
        return lines(swaps);
    }

    /** One line per swap under way, nothing when none: what a waiting command prints as it polls. */
    public static String lines(List<SwapProgress> swaps) {
        StringBuilder b = new StringBuilder();
        for (SwapProgress p : swaps) {
            b.append(p.toLine()).append(System.lineSeparator());
        }
        return b.toString();
    }
}
