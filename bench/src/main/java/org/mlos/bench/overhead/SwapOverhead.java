package org.mlos.bench.overhead;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.felix.framework.Felix;
import org.mlos.bench.kinds.Probe;
import org.mlos.bench.kinds.ProbeImpl;
import org.mlos.core.kernel.SwapKernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The same implementation object reached four ways: directly, through the kernel's handle,
 * through {@code ServiceTracker.getService()} on every call, and through a volatile field as a
 * DS dynamic reference keeps it. Each way for a cheap call and for a map lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SwapOverhead {

    private Probe direct;
    private Probe handle;
    private volatile Probe dsField;
    private ServiceTracker<Probe, Probe> tracker;
    private Framework felix;
    private Path storage;
    private int key;

    @Setup
    public void setup() throws Exception {
        ProbeImpl impl = new ProbeImpl();
        direct = impl;
        dsField = impl;
        SwapKernel kernel = new SwapKernel();
        handle = kernel.handle(Probe.class);
        kernel.install(Probe.class, "impl", impl, 0);

        storage = Files.createTempDirectory("mlos-bench-felix");
        felix = new Felix(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, Probe.class.getPackageName()));
        felix.start();
        felix.getBundleContext().registerService(Probe.class, impl, null);
        tracker = new ServiceTracker<>(felix.getBundleContext(), Probe.class, null);
        tracker.open();
    }

    @TearDown
    public void tearDown() throws Exception {
        tracker.close();
        felix.stop();
        felix.waitForStop(10_000);
        try (var files = Files.walk(storage)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int cheapDirect() {
        return direct.next();
    }

    @Benchmark
    public int cheapHandle() {
        return handle.next();
    }

    @Benchmark
    public int cheapTracker() {
        return tracker.getService().next();
    }

    @Benchmark
    public int cheapVolatile() {
        return dsField.next();
    }

    @Benchmark
    public int mapDirect() {
        return direct.lookup(key++);
    }

    @Benchmark
    public int mapHandle() {
        return handle.lookup(key++);
    }

    @Benchmark
    public int mapTracker() {
        return tracker.getService().lookup(key++);
    }

    @Benchmark
    public int mapVolatile() {
        return dsField.lookup(key++);
    }
}
