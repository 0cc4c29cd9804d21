package org.mlos.metrics;

import java.io.IOException;
import java.util.Hashtable;

import javax.management.JMException;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.NodeCommand;
import org.mlos.core.settings.BearerToken;
import org.mlos.core.settings.NodeProperties;
import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's meters and where they are read: a Prometheus endpoint (bearer token, 127.0.0.1 by
 * default, its URL published as the node's {@code mlos.endpoint} so the ready line shows it),
 * the dashboard beside it ({@code /}), and JMX. Without a token file it does not start, and says why: figures of a node are not for anyone
 * who can reach a port.
 */
@Component(immediate = true, service = {})
// registered by hand (its endpoint's URL is a property): declared, so that a resolver (Karaf's
// features) finds what StoreMetrics requires
@org.osgi.annotation.bundle.Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=org.mlos.metrics.MetricsComponent")
public final class MetricsComponent {

    private static final System.Logger LOG = System.getLogger(MetricsComponent.class.getName());

    @Reference
    private Kernel kernel;

    /**
     * What else brings its meters up to date at each scrape: the store's ({@link StoreMetrics}) and
     * the scheduler's ({@link SchedulerMetrics}), components of their own so that this class names
     * no store type: on a node without the store API (the full profile) it failed to load, and
     * {@code --dashboard} stopped the node.
     */
    private final java.util.List<Runnable> refreshers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private PrometheusMeterRegistry registry;
    private KernelMeters kernelMeters;
    private KindMBeans beans;
    private OperatorEndpoint endpoint;
    private ServiceRegistration<MetricsComponent> registration;

    @Activate
    void activate(BundleContext context, org.osgi.service.component.ComponentContext component) throws IOException {
        Settings settings = Settings.of(context);
        BearerToken token = BearerToken.fromFile(settings, MetricsProperties.TOKEN_FILE, "metrics token",
                "mlos run --metrics makes one in the user's config folder");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        kernelMeters = new KernelMeters(kernel, registry);
        beans = new KindMBeans(kernelMeters, this::refresh);
        refresh();
        endpoint = OperatorEndpoint.start(settings.text(MetricsProperties.HOST, "127.0.0.1"),
                settings.integer(MetricsProperties.PORT, 0, 0, 65535), token);
        endpoint.route("GET", "/metrics", body -> OperatorEndpoint.Reply.text(scrape()));
        new Dashboard(kernel, name -> command(context, name)).addTo(endpoint);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.ENDPOINT, "http://" + endpoint.host() + ":" + endpoint.port() + "/metrics");
        registration = context.registerService(MetricsComponent.class, this, props);
        if (wired("org.mlos.mem.api.KeyValueStore")) {
            component.enableComponent(StoreMetrics.NAME);
        }
        if (wired("org.mlos.sched.api.Scheduler")) {
            component.enableComponent(SchedulerMetrics.NAME);
        }
    }

    /** Whether this bundle sees a service's API (an optional import: wired only where a profile has it). */
    private static boolean wired(String type) {
        try {
            Class.forName(type, false, MetricsComponent.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The node command of that first word (the cluster's, say), or null. */
    private static NodeCommand command(BundleContext context, String name) {
        try {
            var refs = context.getServiceReferences(NodeCommand.class, "(" + NodeCommand.NAME + "=" + name + ")");
            return refs.isEmpty() ? null : context.getService(refs.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String scrape() {
        refresh();
        return registry.scrape();
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    void addRefresher(Runnable r) {
        refreshers.add(r);
    }

    void removeRefresher(Runnable r) {
        refreshers.remove(r);
    }

    /** Brings the meters and the MBeans up to date with the kernel and the store. */
    void refresh() {
        kernelMeters.refresh();
        refreshers.forEach(Runnable::run);
        try {
            beans.sync();
        } catch (JMException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot register a kind's MXBean: " + e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (endpoint != null) {
            endpoint.close();
        }
        if (beans != null) {
            beans.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
