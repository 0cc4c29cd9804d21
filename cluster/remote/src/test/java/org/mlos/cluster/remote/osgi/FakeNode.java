package org.mlos.cluster.remote.osgi;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.mlos.cluster.api.Cluster;
import org.mlos.cluster.api.ClusterSwapReport;
import org.mlos.cluster.api.ClusterSwapRequest;
import org.mlos.cluster.api.NodeInfo;
import org.mlos.cluster.api.RolloutReport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * A caller node for the candidates, without a framework: a {@link BundleContext} that has a
 * handle of one kind, framework properties, and records what is registered and unregistered; and
 * a {@link Cluster} whose registry the test sets.
 */
final class FakeNode implements Cluster {

    /** A service registered through the context, and whether it is still registered. */
    static final class Registration {
        final Object service;
        final Map<String, Object> props = new ConcurrentHashMap<>();
        volatile boolean unregistered;

        Registration(Object service, Dictionary<String, ?> p) {
            this.service = service;
            for (var keys = p.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                props.put(k, p.get(k));
            }
        }
    }

    final List<Registration> registrations = new CopyOnWriteArrayList<>();
    final Map<String, String> properties = new ConcurrentHashMap<>();
    volatile List<NodeInfo> nodes = List.of();
    /** Thrown by {@link #nodes()} when set: a registry that cannot be read (no member holds data). */
    volatile RuntimeException nodesFail;
    final BundleContext context;

    FakeNode(Class<?> kind) {
        Object handle = Proxy.newProxyInstance(kind.getClassLoader(), new Class<?>[] {kind}, (p, m, a) -> {
            throw new UnsupportedOperationException("a handle of the test");
        });
        ServiceReference<?> handleRef = (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> "objectClass".equals(a[0]) ? new String[] {kind.getName()} : null;
                    case "toString" -> "handle of " + kind.getName();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getAllServiceReferences" -> String.valueOf(a[1]).contains("mlos.handle") ? new ServiceReference<?>[] {handleRef} : null;
                    case "getService" -> handle;
                    case "ungetService" -> true;
                    case "getBundles" -> new Bundle[0];
                    case "getProperty" -> properties.get((String) a[0]);
                    case "registerService" -> register(a[1], (Dictionary<String, ?>) a[2]);
                    case "toString" -> "the test's bundle context";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private ServiceRegistration<?> register(Object service, Dictionary<String, ?> props) {
        Registration r = new Registration(service, props);
        registrations.add(r);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> switch (m.getName()) {
                    case "unregister" -> {
                        if (r.unregistered) {
                            throw new IllegalStateException("already unregistered");
                        }
                        r.unregistered = true;
                        yield null;
                    }
                    case "getReference" -> null;
                    case "toString" -> "registration " + r.props;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** The registrations not withdrawn. */
    List<Registration> registered() {
        List<Registration> out = new ArrayList<>();
        for (Registration r : registrations) {
            if (!r.unregistered) {
                out.add(r);
            }
        }
        return out;
    }

    /** A registry entry: a node of a profile hosting remote instances on a port of 127.0.0.1. */
    static NodeInfo node(String id, String profile, int remotePort) {
        Map<String, String> endpoints = remotePort <= 0 ? Map.of()
                : Map.of(RemoteCandidates.ENDPOINT_SCHEME, "127.0.0.1:" + remotePort);
        return new NodeInfo(id, profile, "127.0.0.1:5701", 1, Map.of(), Map.of(), endpoints, 0, 0, 0,
                new NodeInfo.Load(-1, -1, 0, 0, 1), 0);
    }

    @Override
    public String name() {
        return "test";
    }

    @Override
    public String localNodeId() {
        return "web-1";
    }

    @Override
    public List<NodeInfo> nodes() {
        RuntimeException fail = nodesFail;
        if (fail != null) {
            throw fail;
        }
        return nodes;
    }

    @Override
    public ClusterSwapReport swap(ClusterSwapRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar, String signature) {
        throw new UnsupportedOperationException();
    }

    @Override
    public RolloutReport rollout(String profile, byte[] jar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Optional<byte[]> derivedKey(String purpose) {
        return java.util.Optional.empty();
    }
}
