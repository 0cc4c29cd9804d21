package org.mlos.bench;

import java.util.Locale;

/** Prints {@code BENCH <benchmark> <metric>=<value> ...} lines, the only output scripts read. */
public final class BenchLine {

    private final StringBuilder line;

    private BenchLine(String benchmark) {
        line = new StringBuilder("BENCH ").append(benchmark);
    }

    public static BenchLine of(String benchmark) {
        return new BenchLine(benchmark);
    }

    public BenchLine with(String metric, Object value) {
        line.append(' ').append(metric).append('=').append(value);
        return this;
    }

    public BenchLine with(String metric, double value) {
        line.append(' ').append(metric).append('=').append(format(value));
        return this;
    }

    /** Prints the line, with a unit after the last value if given. */
    public void print(String unit) {
        if (unit != null && !unit.isEmpty()) {
            line.append(' ').append(unit);
        }
        System.out.println(line);
        System.out.flush();
    }

    public void print() {
        print(null);
    }

    public static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3f", v);
    }
}
