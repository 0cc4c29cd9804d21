package org.mlos.cluster.registry;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.mlos.cluster.api.NodeInfo;
import org.mlos.core.api.KindInfo;
import org.mlos.cluster.node.LocalNode;
import org.osgi.framework.Bundle;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** What this node is and runs, read from its framework and kernel each time it publishes. */
final class NodeSnapshot {

    private static final String ENDPOINT = "mlos.endpoint";

    private final LocalNode local;
    private final String address;
    private final long memberStartMillis;
    private final long joinMillis;
    private final long startedAt = ProcessHandle.current().info().startInstant()
            .map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
    private long lastCpuNanos = cpuNanos();
    private long lastWallNanos = System.nanoTime();

    NodeSnapshot(LocalNode local, String address, long memberStartMillis, long joinMillis) {
        this.local = local;
        this.address = address;
        this.memberStartMillis = memberStartMillis;
        this.joinMillis = joinMillis;
    }

    synchronized NodeInfo take() {
        Map<String, String> bundles = new TreeMap<>();
        for (Bundle b : local.context().getBundles()) {
            if (b.getBundleId() != 0) {
                bundles.put(b.getSymbolicName(), b.getVersion().toString());
            }
        }
        Map<String, String> kinds = new TreeMap<>();
        for (KindInfo k : local.kernel().kinds()) {
            kinds.put(k.kind(), k.active() == null ? "-" : k.active());
        }
        return new NodeInfo(local.id(), local.profile(), address, ProcessHandle.current().pid(), bundles, kinds,
                endpoints(), startedAt, memberStartMillis, joinMillis, load(), System.currentTimeMillis());
    }

    private Map<String, String> endpoints() {
        Map<String, String> out = new TreeMap<>();
        try {
            ServiceReference<?>[] refs = local.context().getServiceReferences((String) null, "(" + ENDPOINT + "=*)");
            if (refs != null) {
                for (ServiceReference<?> r : refs) {
                    String url = String.valueOf(r.getProperty(ENDPOINT));
                    int sep = url.indexOf("://");
                    if (sep > 0) {
                        out.put(url.substring(0, sep), url.substring(sep + 3));
                    }
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        return out;
    }

    private NodeInfo.Load load() {
        long cpu = cpuNanos();
        long wall = System.nanoTime();
        double processCpu = cpu < 0 || wall == lastWallNanos ? -1
                : (double) (cpu - lastCpuNanos) / (wall - lastWallNanos) / Runtime.getRuntime().availableProcessors();
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new NodeInfo.Load(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Math.min(1, processCpu), heap.getUsed(), heap.getMax(), ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }
}
