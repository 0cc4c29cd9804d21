package org.mlos.cluster.scale;

/**
 * A node's ops/s and CPU share over the interval since the last sample. The first sample has no
 * interval of load behind it, only the node's boot (class loading, compiling, joining the
 * cluster): its CPU read 1.000 at every start an outsider watched, which an autoscaler deciding on
 * one sample would have taken for load. So the first sample says unknown (-1) for CPU, as it says
 * 0 for ops/s. Not thread-safe: one publisher calls it.
 */
final class LoadRates {

    record Rates(double opsPerSec, double cpu) {
    }

    private final int processors;
    private long lastCalls = -1;
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    LoadRates(int processors) {
        this.processors = processors;
    }

    /**
     * @param calls    operations counted so far
     * @param cpuNanos the process's CPU time so far, -1 if unknown
     * @param wallNanos a monotonic clock's reading
     */
    Rates sample(long calls, long cpuNanos, long wallNanos) {
        boolean first = lastCalls < 0;
        double secs = Math.max(1e-3, (wallNanos - lastWallNanos) / 1e9);
        double ops = first ? 0 : Math.max(0, calls - lastCalls) / secs;
        double cpu = first || cpuNanos < 0 || lastCpuNanos < 0 ? -1
                : Math.min(1, (cpuNanos - lastCpuNanos) / 1e9 / secs / processors);
        lastCalls = Math.max(0, calls);
        lastCpuNanos = cpuNanos;
        lastWallNanos = wallNanos;
        return new Rates(ops, cpu);
    }
}
