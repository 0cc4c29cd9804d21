package org.mlos.core.osgi;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.mlos.core.api.ImplementationSource;
import org.mlos.core.api.Kernel;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.settings.NodeProperties;
import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The kernel as an OSGi service. Kernel-wide settings are framework properties (a profile's
 * {@code -runproperties}):
 * <ul>
 * <li>{@code mlos.kind.<kind>=<impl>}: a kind's default implementation;</li>
 * <li>{@code mlos.kernel.drain.ms}: how long a swap waits for calls in flight (default 5000);</li>
 * <li>{@code mlos.kernel.wait.ms}: how long callers wait for a missing implementation (default 0);</li>
 * <li>{@code mlos.kernel.count.calls}: count calls on every kind (default false);</li>
 * <li>{@code mlos.kernel.history}: swap reports kept (default 256);</li>
 * <li>{@code mlos.kernel.copy.rate}: a ceiling on a live swap's copy, entries per second (default 0: none).</li>
 * </ul>
 */
@Component(service = { Kernel.class, KernelComponent.class }, immediate = true)
public final class KernelComponent implements Kernel {

    private static final System.Logger LOG = System.getLogger(KernelComponent.class.getName());

    private SwapKernel kernel;
    private HandleRegistrar handles;
    private ServiceTracker<Object, ImplementationTracker.Tracked> implementations;
    private UnnamedImplementations unnamed;
    private BundleContext context;

    @Activate
    void activate(BundleContext context) throws InvalidSyntaxException {
        kernel = new SwapKernel(settings(context));
        handles = new HandleRegistrar(context, kernel);
        kernel.addListener(handles);
        implementations = new ServiceTracker<>(context, context.createFilter("(" + IMPL + "=*)"),
                new ImplementationTracker(context, kernel));
        KernelRestartRecord.Served before = KernelRestartRecord.read(context);
        kernel.installTogether(() -> implementations.open(true), before.implementations());
        kernel.servedByANewObject(before.holders()).forEach((kind, impl) -> LOG.log(System.Logger.Level.WARNING,
                "kind " + kind + ": implementation " + impl + " serves again after the kernel restarted, but as a new"
                        + " object: the state it held is lost (the old one was disposed of while the kernel was away: a"
                        + " delayed component is, when the kernel lets go of it; make it immediate,"
                        + " @Component(immediate = true), to keep it)"));
        unnamed = new UnnamedImplementations();
        unnamed.open(context);
        this.context = context;
    }

    @Deactivate
    void deactivate() {
        KernelRestartRecord.write(context, kernel.kinds(), kernel.stateHolders()); // before the implementations are let go
        unnamed.close(context);
        implementations.close();
        handles.close();
    }

    static KernelSettings settings(BundleContext context) {
        KernelSettings d = KernelSettings.defaults();
        Settings s = Settings.of(context);
        return new KernelSettings(s.number(NodeProperties.KERNEL_DRAIN_MS, d.drainMillis(), 1, Long.MAX_VALUE),
                s.number(NodeProperties.KERNEL_WAIT_MS, d.waitMillis(), 0, Long.MAX_VALUE),
                s.flag(NodeProperties.KERNEL_COUNT_CALLS, d.countCalls()),
                s.integer(NodeProperties.KERNEL_HISTORY, d.historySize(), 1, Integer.MAX_VALUE),
                new ProfileDefaults(context), s.number(NodeProperties.KERNEL_COPY_RATE, 0, 0, Long.MAX_VALUE));
    }

    /** A kind's default implementation from the framework properties (a named class: no lambda at boot). */
    private static final class ProfileDefaults implements Function<String, String> {
        private final BundleContext context;

        ProfileDefaults(BundleContext context) {
            this.context = context;
        }

        @Override
        public String apply(String kind) {
            return context.getProperty(DEFAULT_IMPL_PREFIX + kind);
        }
    }

    SwapReport configure(String kind, KindPreference preference) {
        return kernel.configure(kind, preference);
    }

    void unconfigure(String kind) {
        kernel.unconfigure(kind);
    }

    @Override
    public SwapReport swap(String kind, String impl) {
        return swap(kind, impl, "request", null);
    }

    @Override
    public SwapReport swap(String kind, String impl, String trigger) {
        return swap(kind, impl, trigger, null);
    }

    @Override
    public SwapReport swap(String kind, String impl, String trigger, java.util.function.Supplier<String> stop) {
        if (impl != null && impl.indexOf('@') > 0) {
            Runnable provided = kernel.providing(kind, impl);
            try {
                provide(kind, impl);
            } finally {
                provided.run();
            }
        }
        return kernel.swap(kind, impl, trigger, stop);
    }

    /** Remote and other on-demand implementations: asked for a name with an {@code @} before it is swapped to. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<ImplementationSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void provide(String kind, String impl) {
        for (ImplementationSource source : sources) {
            try {
                if (source.provide(kind, impl)) {
                    return;
                }
                System.getLogger(KernelComponent.class.getName()).log(System.Logger.Level.INFO,
                        "{0} does not provide {1} of {2}", source, impl, kind);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot provide implementation " + impl + " of " + kind + ": "
                        + e.getMessage(), e);
            }
        }
        System.getLogger(KernelComponent.class.getName()).log(System.Logger.Level.INFO,
                "no implementation source provides {0} of {1} ({2} sources; remote kinds need org.mlos.cluster.remote)",
                impl, kind, sources.size());
    }

    @Override
    public java.util.Optional<String> checkSwap(String kind, String impl) {
        return kernel.checkSwap(kind, impl);
    }

    @Override
    public List<KindInfo> kinds() {
        return kernel.kinds();
    }

    @Override
    public Optional<KindInfo> kind(String kind) {
        return kernel.kind(kind);
    }

    @Override
    public List<SwapReport> history() {
        return kernel.history();
    }

    @Override
    public List<org.mlos.core.api.SwapProgress> swapsInFlight() {
        return kernel.swapsInFlight();
    }

    @Override
    public InPlace restartInPlace(java.util.Collection<String> kinds) {
        return kernel.restartInPlace(kinds);
    }
}
