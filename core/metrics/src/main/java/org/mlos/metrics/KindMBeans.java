package org.mlos.metrics;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.mlos.core.api.KindInfo;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

/** Registers a {@link KindMXBean} per kind in the platform MBean server, and removes them all on close. */
final class KindMBeans implements AutoCloseable {

    private final KernelMeters meters;
    private final Runnable refresh;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<String, ObjectName> registered = new HashMap<>();

    KindMBeans(KernelMeters meters, Runnable refresh) {
        this.meters = meters;
        this.refresh = refresh;
    }

    /** Registers a bean for every kind the meters know that has none yet. */
    synchronized void sync() throws JMException {
        for (KindInfo k : meters.kinds()) {
            if (!registered.containsKey(k.kind())) {
                ObjectName name = new ObjectName("org.mlos:type=Kind,name=" + ObjectName.quote(k.simpleName()));
                if (!server.isRegistered(name)) {
                    server.registerMBean(new Bean(k.kind()), name);
                    registered.put(k.kind(), name);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        for (ObjectName n : registered.values()) {
            try {
                server.unregisterMBean(n);
            } catch (JMException e) {
                // already gone
            }
        }
        registered.clear();
    }

    private final class Bean implements KindMXBean {
        private final String kind;

        Bean(String kind) {
            this.kind = kind;
        }

        private KindInfo info() {
            refresh.run();
            return meters.kinds().stream().filter(k -> k.kind().equals(kind)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("kind " + kind + " is gone"));
        }

        private HistogramSnapshot snapshot(String meter) {
            refresh.run();
            return meters.timer(meter, null, KernelMeters.simple(kind)).takeSnapshot();
        }

        private static double percentile(HistogramSnapshot s, double p) {
            for (ValueAtPercentile v : s.percentileValues()) {
                if (v.percentile() == p) {
                    return v.value(TimeUnit.MICROSECONDS);
                }
            }
            return 0;
        }

        @Override
        public String getKind() {
            return kind;
        }

        @Override
        public String getActive() {
            return info().active();
        }

        @Override
        public String[] getCandidates() {
            return info().candidates().toArray(new String[0]);
        }

        @Override
        public long getCallsServed() {
            return info().callsServed();
        }

        @Override
        public int getSwaps() {
            return info().swaps();
        }

        @Override
        public double getSwapDurationP50Micros() {
            return percentile(snapshot("mlos.swap.duration"), 0.5);
        }

        @Override
        public double getSwapDurationP99Micros() {
            return percentile(snapshot("mlos.swap.duration"), 0.99);
        }

        @Override
        public double getSwapDurationMaxMicros() {
            return snapshot("mlos.swap.duration").max(TimeUnit.MICROSECONDS);
        }

        @Override
        public double getSwapPauseP99Micros() {
            return percentile(snapshot("mlos.swap.pause"), 0.99);
        }

        @Override
        public double getSwapPauseMaxMicros() {
            return snapshot("mlos.swap.pause").max(TimeUnit.MICROSECONDS);
        }
    }
}
