package org.mlos.core.kernel;

import java.util.ArrayDeque;
import java.util.List;

import org.mlos.core.api.SwapReport;

/** The last swap reports, oldest first. */
final class SwapHistory {

    private final ArrayDeque<SwapReport> reports = new ArrayDeque<>();
    private final int capacity;

    SwapHistory(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(SwapReport report) {
        if (reports.size() == capacity) {
            reports.removeFirst();
        }
        reports.addLast(report);
    }

    synchronized List<SwapReport> all() {
        return List.copyOf(reports);
    }
}
