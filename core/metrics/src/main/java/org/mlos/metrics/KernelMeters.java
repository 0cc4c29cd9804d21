package org.mlos.metrics;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapReport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The kernel's figures as meters, brought up to date on each read (a scrape, a JMX read): calls
 * served and the active implementation per kind, and every swap report the history holds that
 * was not yet counted: swaps by outcome, their total time, pause (calls held) and drain as
 * histograms, entries moved. Names in metrics/README.md.
 */
final class KernelMeters {

    private static final Duration MIN = Duration.ofNanos(1_000);
    private static final Duration MAX = Duration.ofSeconds(60);

    private final Kernel kernel;
    private final MeterRegistry registry;
    private final Map<String, KindInfo> kinds = new ConcurrentHashMap<>();
    private final Set<String> activeGauges = new HashSet<>();
    private final Set<String> callCounters = new HashSet<>();
    /** The newest report already counted, by identity: the history is bounded and drops the oldest. */
    private SwapReport lastCounted;

    KernelMeters(Kernel kernel, MeterRegistry registry) {
        this.kernel = kernel;
        this.registry = registry;
    }

    synchronized void refresh() {
        for (KindInfo k : kernel.kinds()) {
            kinds.put(k.kind(), k);
            // Only where calls are counted (count.calls): a counter stuck at 0 would say "idle".
            if (k.callsServed() >= 0 && callCounters.add(k.kind())) {
                FunctionCounter.builder("mlos.kind.calls", kinds, m -> Math.max(0, m.get(k.kind()).callsServed()))
                        .description("calls served through the kind's handle (kinds with count.calls on)")
                        .tag("kind", k.simpleName()).register(registry);
            }
            for (String impl : k.candidates()) {
                if (activeGauges.add(k.kind() + "/" + impl)) {
                    Gauge.builder("mlos.kind.active", kinds, m -> impl.equals(m.get(k.kind()).active()) ? 1 : 0)
                            .description("1 for the implementation serving the kind, 0 for the other candidates")
                            .tag("kind", k.simpleName()).tag("impl", impl).register(registry);
                }
            }
        }
        List<SwapReport> history = kernel.history();
        int from = lastCounted == null ? 0 : history.lastIndexOf(lastCounted) + 1; // 0 also when it was dropped
        for (int i = from; i < history.size(); i++) {
            count(history.get(i));
        }
        if (!history.isEmpty()) {
            lastCounted = history.get(history.size() - 1);
        }
    }

    List<KindInfo> kinds() {
        return List.copyOf(kinds.values());
    }

    private void count(SwapReport r) {
        String kind = simple(r.kind());
        Counter.builder("mlos.swaps").description("swaps by outcome and trigger")
                .tag("kind", kind).tag("outcome", r.outcome().name()).tag("trigger", String.valueOf(r.trigger()))
                .register(registry).increment();
        timer("mlos.swap.duration", "a swap from request to retirement", kind).record(r.totalMicros(), TimeUnit.MICROSECONDS);
        timer("mlos.swap.pause", "how long new calls were held (the stall callers saw)", kind)
                .record(r.pauseMicros(), TimeUnit.MICROSECONDS);
        timer("mlos.swap.drain", "waiting for calls in flight to leave the old implementation", kind)
                .record(r.drainMicros(), TimeUnit.MICROSECONDS);
        DistributionSummary.builder("mlos.swap.entries").description("state entries moved by a swap")
                .tag("kind", kind).register(registry).record(r.entries());
    }

    Timer timer(String name, String description, String kind) {
        return Timer.builder(name).description(description).tag("kind", kind)
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().minimumExpectedValue(MIN)
                .maximumExpectedValue(MAX).register(registry);
    }

    static String simple(String kind) {
        return kind.substring(kind.lastIndexOf('.') + 1);
    }
}
