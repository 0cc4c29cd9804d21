package org.mlos.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mlos.core.api.Kernel;
import org.mlos.itests.fixture.tally.Tally;
import org.mlos.itests.fixture.tally.TallyClientStatus;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Two implementation bundles of a kind and a consumer bundle with a static DS reference to its
 * handle. Swaps by Gogo command, by configuration and by stopping the active bundle, each while
 * four threads call through the consumer: the consumer is never deactivated and no update is lost.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {

    private static final int CALLERS = 4;

    @Inject
    private BundleContext context;

    @Inject
    private Kernel kernel;

    @Inject
    private TallyClientStatus client;

    @Inject
    private CommandProcessor shell;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        return options(ItestOptions.profile("minimal"), ItestOptions.common(),
                ItestOptions.copied("org.apache.felix.configadmin.jar"),
                ItestOptions.copied("org.apache.felix.gogo.runtime.jar"),
                ItestOptions.fixture("fixture-api"), ItestOptions.fixture("fixture-a"),
                ItestOptions.fixture("fixture-b"), ItestOptions.fixture("fixture-client"),
                frameworkProperty("mlos.kind.Tally").value("a"));
    }

    /** Calls through the consumer from several threads while an action runs; returns acknowledged calls. */
    private long underLoad(String key, Runnable action) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong acked = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try {
                        client.record(key);
                        acked.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                        return;
                    }
                }
            }));
        }
        Thread.sleep(100);
        action.run();
        Thread.sleep(100);
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertTrue("calls failed during the swap: " + failures, failures.isEmpty());
        return acked.get();
    }

    private void assertConsumerUntouched() {
        assertEquals("the consumer was activated once", 1, client.activations());
        assertEquals("the consumer was never deactivated", 0, client.deactivations());
    }

    private String other(String impl) {
        return impl.equals("a") ? "b" : "a";
    }

    private String gogo(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true);
        CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), ps, ps);
        try {
            Object result = session.execute(command);
            return result == null ? out.toString() : String.valueOf(result);
        } finally {
            session.close();
        }
    }

    @Test
    public void consumersSeeOnlyTheHandle() throws Exception {
        Collection<ServiceReference<Tally>> plain = context.getServiceReferences(Tally.class, null);
        assertEquals("a plain lookup finds the handle alone", 1, plain.size());
        assertEquals(Boolean.TRUE, plain.iterator().next().getProperty(Kernel.HANDLE));
        Collection<ServiceReference<Tally>> impls = context.getServiceReferences(Tally.class, "(" + Kernel.IMPL + "=*)");
        assertEquals("naming mlos.impl finds the implementations", 2, impls.size());
    }

    @Test
    public void swapByGogoCommand() throws Exception {
        String from = client.servedBy();
        long before = client.read("gogo");
        String[] reply = new String[1];
        long acked = underLoad("gogo", () -> {
            try {
                reply[0] = gogo("mlos:swap Tally " + other(from));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(reply[0], reply[0].startsWith("COMPLETED"));
        assertEquals(other(from), client.servedBy());
        assertEquals("every acknowledged update survived the swap", before + acked, client.read("gogo"));
        assertTrue(gogo("mlos:kinds").contains(Tally.class.getName()));
        assertTrue(gogo("mlos:history").contains("COMPLETED"));
        assertConsumerUntouched();
    }

    @Test
    public void swapByConfiguration() throws Exception {
        String from = client.servedBy();
        String to = other(from);
        long before = client.read("config");
        org.osgi.service.cm.Configuration[] config = new org.osgi.service.cm.Configuration[1];
        long acked = underLoad("config", () -> {
            try {
                config[0] = configAdmin.getFactoryConfiguration("org.mlos.kind", "tally", "?");
                Dictionary<String, Object> props = new Hashtable<>();
                props.put("kind", "Tally");
                props.put("impl", to);
                config[0].update(props);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!client.servedBy().equals(to) && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(to, client.servedBy());
        assertEquals(before + acked, client.read("config"));
        config[0].delete();
        assertConsumerUntouched();
    }

    @Test
    public void stoppingTheActiveBundleSwapsToTheOtherOne() throws Exception {
        String from = client.servedBy();
        Bundle active = bundle("org.mlos.itests.fixture." + from);
        long before = client.read("stop");
        long acked = underLoad("stop", () -> {
            try {
                active.stop();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            assertEquals(other(from), client.servedBy());
            assertEquals(before + acked, client.read("stop"));
            assertEquals("impl-removed", kernel.history().get(kernel.history().size() - 1).trigger());
            assertConsumerUntouched();
        } finally {
            active.start();
        }
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    @Test
    public void handleIsTheServiceTheConsumerHolds() throws Exception {
        ServiceReference<Tally> ref = context.getServiceReference(Tally.class);
        assertNotNull(ref);
        assertEquals(Integer.MAX_VALUE, ref.getProperty("service.ranking"));
        assertEquals("org.mlos.core", ref.getBundle().getSymbolicName());
    }
}
