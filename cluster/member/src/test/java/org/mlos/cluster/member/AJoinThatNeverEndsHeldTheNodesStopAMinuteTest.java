package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import com.hazelcast.core.Hazelcast;

/**
 * Another program listening on one of the member ports (it takes the connection and never answers)
 * keeps Hazelcast's join waiting for minutes, and the join cannot be interrupted. The member's
 * deactivation waited up to 60 s for it: a node whose join never ended took ~93 s to stop (its
 * ready timeout, then a minute of "the framework is still stopping"). It now waits for the join
 * only briefly while no member is made, and the join thread shuts down the member Hazelcast makes
 * once it lets go.
 */
@Timeout(240)
class AJoinThatNeverEndsHeldTheNodesStopAMinuteTest {

    private static Thread joinThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("mlos-cluster-join"))
                .findFirst().orElse(null);
    }

    private static BundleContext context(Map<String, String> properties) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                AJoinThatNeverEndsHeldTheNodesStopAMinuteTest.class.getClassLoader(), new Class<?>[] { ServiceRegistration.class },
                (proxy, method, args) -> null);
        return (BundleContext) Proxy.newProxyInstance(AJoinThatNeverEndsHeldTheNodesStopAMinuteTest.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundles" -> new Bundle[0];
                    case "registerService" -> registration;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A listener on a port whose port below is free, for the member to bind. */
    private static ServerSocket silentBesideAFreePort() throws java.io.IOException {
        for (int port = 17301 + 2 * (int) (Math.random() * 100); ; port += 2) {
            try (ServerSocket below = new ServerSocket(port - 1, 1, InetAddress.getLoopbackAddress())) {
                below.setReuseAddress(true);
            } catch (java.io.IOException inUse) {
                continue;
            }
            try {
                return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            } catch (java.io.IOException inUse) {
                // the next pair
            }
        }
    }

    @Test
    void theStopDoesNotWaitForAJoinThatNeverEndsAndTheMemberIsShutDownOnceItDoes() throws Exception {
        assertTrue(joinThread() == null, "no join of another test under way");
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = silentBesideAFreePort()) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // taken, never answered
                    }
                } catch (java.io.IOException closed) {
                    // the test is done with it
                }
            });
            int port = silent.getLocalPort() - 1; // the member binds port, and looks for members on port+1 as well
            ClusterMember member = new ClusterMember();
            member.activate(context(Map.of("mlos.cluster.port", Integer.toString(port), "mlos.cluster.port.count", "2",
                    "mlos.cluster.name", "never-ends-" + port)));
            Thread joining = joinThread();
            assertTrue(joining != null, "the member joins on a thread of its own");
            while (held.isEmpty() && joining.isAlive()) { // the join reached the program that never answers
                Thread.sleep(20);
            }
            assertFalse(held.isEmpty(), "the join connected to the silent program");

            long start = System.nanoTime();
            member.deactivate();
            long stopMillis = (System.nanoTime() - start) / 1_000_000;

            // a hang's bound, not a speed: it waited 60 s; it waits 10, and a busy machine adds little to that
            assertTrue(stopMillis < 30_000, "the stop waited " + stopMillis + " ms for a join that never ends");

            assertTrue(joining.isAlive(), "the stop returned while Hazelcast's join still waits: it did not wait it out");
            silent.close();
            for (Socket s : held) {
                s.close(); // the join can now end
            }
            joining.join();
            assertTrue(Hazelcast.getAllHazelcastInstances().isEmpty(),
                    "the member the join made after the stop is shut down by the join thread");
        }
    }
}
