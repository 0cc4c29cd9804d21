package org.mlos.fault.durable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.mlos.fault.api.RecordLogs;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The durable store's wait for a journal implementation of another bundle's
 * ({@value RecordLogs#STORE_JOURNAL_PROPERTY}). One the node does not have (a typo, a bundle the
 * profile lacks) was waited for until the node's ready timeout, which then named only the
 * memcached server's unsatisfied reference to a store. Once the framework has started every
 * bundle and {@link #GRACE_MS} more have passed without it, the wait says which implementation
 * was asked for, which ones the node has and what to do: in the log, to the node's events, and to
 * the launcher as the durable store's failure, which ends the node with that reason. A bundle
 * installed later still brings it: the failure is then withdrawn.
 */
final class JournalWait {

    /** After the framework started: a component registering its {@link RecordLogs} as its bundle starts has done so. */
    static final long GRACE_MS = 2_000;
    private static final long POLL_MS = 250;
    private static final System.Logger LOG = System.getLogger(DurableStoreRegistrar.class.getName());

    private final BundleContext context;
    private final String journal;
    private final Consumer<String> tellNode;
    private final Function<String, ServiceRegistration<Object>> tellFailed;
    private final long graceMs;
    private ScheduledFuture<?> poll;
    private long settledAtMillis = -1;
    private ServiceRegistration<Object> failure;
    private boolean arrived;

    /**
     * @param tellFailed registers the durable store's failure for the launcher, with the reason given
     */
    JournalWait(BundleContext context, String journal, Consumer<String> tellNode,
            Function<String, ServiceRegistration<Object>> tellFailed, long graceMs) {
        this.context = context;
        this.journal = journal;
        this.tellNode = tellNode;
        this.tellFailed = tellFailed;
        this.graceMs = graceMs;
    }

    synchronized void start(ScheduledExecutorService timer) {
        if (!arrived) {
            poll = timer.scheduleWithFixedDelay(this::look, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The implementation registered: the wait is over, and a failure told for it withdrawn. */
    synchronized void arrived() {
        arrived = true;
        stop();
        if (failure != null) {
            LOG.log(System.Logger.Level.INFO, "durable store: the journal implementation '" + journal + "' arrived after all");
            unregister(failure);
            failure = null;
        }
    }

    synchronized void close() {
        stop();
        if (failure != null) {
            unregister(failure);
            failure = null;
        }
    }

    private void stop() {
        if (poll != null) {
            poll.cancel(false);
            poll = null;
        }
    }

    private synchronized void look() {
        if (arrived || poll == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!frameworkStarted()) {
            settledAtMillis = -1;
            return;
        }
        if (settledAtMillis < 0) {
            settledAtMillis = now;
        }
        if (now - settledAtMillis < graceMs) {
            return;
        }
        stop();
        String why = why();
        LOG.log(System.Logger.Level.WARNING, "durable store: " + why);
        tellNode.accept(why);
        failure = tellFailed.apply(why);
    }

    private static final String CHRONICLE = "chronicle";

    /** Said promptly, naming what the node has: the folder's state needs this one, so no other is chosen for it. */
    String why() {
        List<String> have = available();
        // the bundle's way out only where it helps: on cache-chronicle, "chronicl" was told to run cache-chronicle
        String bundle = have.contains(CHRONICLE) ? ""
                : CHRONICLE.equals(journal) ? ", or run a profile that has it (cache-chronicle, or add bundle org.mlos.fault.chronicle)"
                : ", or add the bundle that registers '" + journal + "' (chronicle's is org.mlos.fault.chronicle, in profile"
                        + " cache-chronicle)";
        return RecordLogs.STORE_JOURNAL_PROPERTY + "=" + journal + " names a journal implementation this node does not have"
                + " (it has: " + String.join(", ", have) + "): set " + RecordLogs.STORE_JOURNAL_PROPERTY + " to one of them"
                + " (a folder written by another keeps its items there)" + bundle;
    }

    private List<String> available() {
        List<String> names = new ArrayList<>(List.of(DurableStore.SEGMENTS));
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(RecordLogs.class.getName(), null);
            for (ServiceReference<?> r : refs == null ? new ServiceReference<?>[0] : refs) {
                Object impl = r.getProperty(RecordLogs.IMPL);
                if (impl != null && !names.contains(impl.toString())) {
                    names.add(impl.toString());
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
        return names;
    }

    /** Every bundle started (the system bundle active) and none starting: what the profile has is there. */
    private boolean frameworkStarted() {
        Bundle system = context.getBundle(0);
        if (system == null || system.getState() != Bundle.ACTIVE) {
            return false;
        }
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.STARTING) {
                return false;
            }
        }
        return true;
    }

    private static void unregister(ServiceRegistration<Object> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
    }
}
