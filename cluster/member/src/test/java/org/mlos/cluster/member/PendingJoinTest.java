package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.NodeCommand;
import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * Before its join completes a node serves, and what needs the cluster must say so rather than
 * hang or stay silent: the {@code cluster} command answers "not joined yet", then why the join
 * failed; the launcher reads what is pending from the service's properties.
 */
class PendingJoinTest {

    /** What the bundle context was asked: the properties of each registration and update, and unregistrations. */
    private final List<Dictionary<String, ?>> properties = new ArrayList<>();
    private int unregistered;

    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setProperties" -> properties.add(cast(args[0]));
                        case "unregister" -> unregistered++;
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] == NodeCommand.class) {
                        properties.add(cast(args[2]));
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static Dictionary<String, ?> cast(Object o) {
        return (Dictionary<String, ?>) o;
    }

    @Test
    void clusterRequestsBeforeTheJoinAnswerNotJoinedYetAndTheLauncherSeesWhatIsPending() {
        PendingJoin pending = PendingJoin.register(context(), "mlos-test", "127.0.0.1 ports 16960-16979");
        Dictionary<String, ?> p = properties.get(0);
        assertEquals("cluster", p.get(NodeCommand.NAME));
        assertEquals(-1, p.get(Constants.SERVICE_RANKING), "the real commands, registered once joined, win");
        // a program that is not a member, listening in the range, kept an outsider's join waiting without a word
        assertEquals("cluster join (members looked for on 127.0.0.1 ports 16960-16979; another program listening on one"
                + " of those ports keeps it waiting: then set mlos.cluster.port to a free range)", p.get(NodeProperties.PENDING));
        assertArrayEquals(new String[] { "org.mlos.cluster.api.Cluster", "com.hazelcast.core.HazelcastInstance" },
                (String[]) p.get(NodeProperties.PENDING_PROVIDES));
        assertNull(p.get(NodeProperties.PENDING_FAILURE));
        String reply = pending.execute(List.of("nodes"));
        assertTrue(reply.startsWith("error: not joined yet") && reply.contains("mlos-test"), reply);
    }

    @Test
    void aFailedJoinIsToldToTheLauncherAndToWhoeverAsks() {
        PendingJoin pending = PendingJoin.register(context(), "mlos-test", "127.0.0.1 ports 16960-16979");
        pending.failed("no data member joined within 60 s");
        assertEquals("no data member joined within 60 s", properties.get(1).get(NodeProperties.PENDING_FAILURE));
        assertEquals("cluster join (members looked for on 127.0.0.1 ports 16960-16979)", properties.get(1).get(NodeProperties.PENDING));
        assertEquals("error: this node did not join cluster mlos-test: no data member joined within 60 s",
                pending.execute(List.of("nodes")));
        pending.close();
        assertEquals(1, unregistered);
    }
}
