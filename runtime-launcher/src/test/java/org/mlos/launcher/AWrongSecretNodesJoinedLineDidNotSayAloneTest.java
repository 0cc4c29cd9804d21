package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.core.settings.NodeProperties;
import org.mlos.launcher.process.ReadyLine;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A node started with another cluster's secret logged "WARNING: joined cluster mlos alone: the
 * members on … belong to a cluster with another secret", then printed {@code mlos: joined
 * profile=worker joined_ms=3376 …} like any node: an operator who read only that line thought it had
 * joined. The member marks its join {@code alone} ({@link NodeProperties#PENDING_NOTE}), and the
 * joined line, the ready line of a node that joined before it served, and what {@code cluster up}
 * and the supervisor print of them say it.
 */
class AWrongSecretNodesJoinedLineDidNotSayAloneTest {

    @Test
    void aJoinNotedAloneIsSaidAlone() throws Exception {
        assertEquals(" alone", PendingNotes.of(context(Map.of(NodeProperties.PENDING_NOTE, "alone"))));
        assertEquals("", PendingNotes.of(context(null)), "a join like any says nothing more");
    }

    @Test
    void theLinesSayingItAreReadWithIt() {
        ReadyLine ready = ReadyLine.parse("mlos: ready profile=worker bundles=30 boot_ms=800 serving_ms=800 joined_ms=pending"
                + " rss_kb=1 pid=4711");
        ReadyLine alone = ready.joined("mlos: joined alone profile=worker joined_ms=3376 pid=4711 endpoints=mlos-remote://127.0.0.1:1");
        assertEquals(" alone", alone.joinedHow());
        assertEquals(3376, alone.joinedMs());
        assertEquals(Map.of("mlos-remote", "127.0.0.1:1"), alone.endpoints());
        assertEquals("", ready.joined("mlos: joined profile=worker joined_ms=3376 pid=4711").joinedHow());

        ReadyLine joinedFirst = ReadyLine.parse("mlos: ready profile=cache bundles=30 boot_ms=900 serving_ms=900 joined_ms=850"
                + " alone rss_kb=1 pid=4712");
        assertEquals(850, joinedFirst.joinedMs());
        assertEquals(" alone", joinedFirst.joinedHow());
    }

    /** A framework whose only service with a pending note has {@code props} (none if null). */
    private static BundleContext context(Map<String, Object> props) {
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] { ServiceReference.class }, (p, m, args) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (p, m, args) -> switch (m.getName()) {
                    case "getServiceReferences" -> props == null ? null : new ServiceReference<?>[] { ref };
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
