package org.mlos.fault.durable;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mlos.core.api.Kernel;
import org.mlos.core.settings.NodeProperties;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.RecordLogs;
import org.mlos.fault.api.StorageRefusals;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;
import org.mlos.mem.api.KeyValueStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceObjects;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Puts a {@link DurableStore} in front of a private instance of the store named by
 * {@value #STORE_PROPERTY} (default {@code slab}) when {@value Durability#PROPERTY} is set, and
 * registers it as the {@code durable} implementation of {@code KeyValueStore}. Does nothing when
 * the property is unset, so a profile can carry the bundle at the cost of one small component.
 * The launcher makes {@code durable} the preferred store when the property is set.
 */
@Component(immediate = true)
public final class DurableStoreRegistrar implements ServiceTrackerCustomizer<KeyValueStore, DurableStoreRegistrar.Running> {

    public static final String STORE_PROPERTY = "mlos.fault.store";
    public static final String CHECKPOINT_S_PROPERTY = "mlos.fault.checkpoint.s";
    static final String IMPL = "durable";
    private static final System.Logger LOG = System.getLogger(DurableStoreRegistrar.class.getName());

    private BundleContext context;
    private JournalSettings settings;
    private long checkpointSeconds;
    private ServiceTracker<KeyValueStore, Running> tracker;
    private String storeFilter;
    /** {@value RecordLogs#STORE_JOURNAL_PROPERTY}: the journal implementation the durable store writes into. */
    private String journal;
    private RecordLogs logs;
    private ServiceTracker<RecordLogs, RecordLogs> logsTracker;
    /** The wait for another bundle's journal implementation, said when the node has none of that name. */
    private JournalWait journalWait;
    private ScheduledExecutorService checkpoints;
    /** No other store serves before this one (the kernel's standin=false for the kind): recover before registering. */
    private boolean recoverBeforeServing;
    /** Set once the durable store could not be made: what tells the launcher ({@link #tellFailed}). */
    private ServiceRegistration<Object> failed;

    record Running(ServiceObjects<KeyValueStore> objects, KeyValueStore store, DurableStore durable,
            ServiceRegistration<KeyValueStore> registration, ServiceRegistration<StorageRefusals> refusals,
            RecoveryFigures figures, java.util.concurrent.Future<?> checkpointing) {
    }

    /**
     * Where the durable store's writes go ({@link Kernel#WHERE}): through a journal on disk, slower
     * than the memory store it replaces by design, so the swap supervisor judges a swap into it by
     * its failures alone. Judged by the memory store's speed (10 times it plus 1 ms), a healthy
     * durable store on a synced disk was swapped back after its probation.
     */
    static final String PLACE = "disk";

    @Activate
    void activate(BundleContext ctx) throws InvalidSyntaxException {
        String mode = ctx.getProperty(Durability.PROPERTY);
        if (mode == null || mode.isBlank()) {
            return;
        }
        this.context = ctx;
        settings = JournalSettings.from(ctx::getProperty);
        if (!settings.dirGiven()) {
            throw new IllegalArgumentException(Durability.PROPERTY + "=" + mode + " needs " + Durability.DIR_PROPERTY
                    + "=<folder>: the folder the store's journal and checkpoints live in, kept across restarts");
        }
        checkpointSeconds = checkpointSeconds(ctx.getProperty(CHECKPOINT_S_PROPERTY));
        recoverBeforeServing = "false".equalsIgnoreCase(String.valueOf(ctx.getProperty(Kernel.DEFAULT_IMPL_PREFIX
                + KeyValueStore.class.getSimpleName() + Kernel.STANDIN_SUFFIX)).trim());
        String store = ctx.getProperty(STORE_PROPERTY);
        store = store == null || store.isBlank() ? "slab" : store.trim();
        if (store.equals(IMPL)) {
            throw new IllegalArgumentException(STORE_PROPERTY + " names the store behind the durable one; it cannot be durable itself");
        }
        java.util.concurrent.ScheduledThreadPoolExecutor executor = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mlos-durable-checkpoint");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        checkpoints = executor;
        storeFilter = "(&(" + Constants.OBJECTCLASS + "=" + KeyValueStore.class.getName() + ")(" + Kernel.IMPL + "=" + store + "))";
        String j = ctx.getProperty(RecordLogs.STORE_JOURNAL_PROPERTY);
        journal = j == null || j.isBlank() ? DurableStore.SEGMENTS : j.trim();
        if (journal.equals(DurableStore.SEGMENTS)) {
            openStores(SegmentLog::new);
            return;
        }
        // Another bundle's journal (chronicle): the durable store appears once its RecordLogs does.
        // DEBUG: at INFO it was on the terminal at every normal start of cache-chronicle and read as a
        // fault; one that does not come is told by the wait below
        LOG.log(System.Logger.Level.DEBUG, "durable store: waiting for the journal implementation '" + journal
                + "' (a RecordLogs service with " + RecordLogs.IMPL + "=" + journal + "; its bundle must be in the profile)");
        journalWait = new JournalWait(ctx, journal, this::tellNode, this::pendingFailure, JournalWait.GRACE_MS);
        logsTracker = new ServiceTracker<>(ctx, ctx.createFilter("(&(" + Constants.OBJECTCLASS + "=" + RecordLogs.class.getName()
                + ")(" + RecordLogs.IMPL + "=" + journal + "))"), new ServiceTrackerCustomizer<RecordLogs, RecordLogs>() {
                    @Override
                    public RecordLogs addingService(ServiceReference<RecordLogs> ref) {
                        RecordLogs l = ctx.getService(ref);
                        journalWait.arrived();
                        openStores(l);
                        return l;
                    }

                    @Override
                    public void modifiedService(ServiceReference<RecordLogs> ref, RecordLogs l) {
                    }

                    @Override
                    public void removedService(ServiceReference<RecordLogs> ref, RecordLogs l) {
                        closeStores(l);
                        ctx.ungetService(ref);
                    }
                });
        logsTracker.open();
        journalWait.start(checkpoints);
    }

    /** Starts putting durable stores, journaling into {@code l}, in front of the named store. */
    private synchronized void openStores(RecordLogs l) {
        if (logs != null) {
            return;
        }
        logs = l;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(storeFilter), this);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad store name in " + STORE_PROPERTY + ": " + storeFilter, e);
        }
        tracker.open();
    }

    /** The journal implementation left: the durable stores journaling into it go (the folder keeps their state). */
    private synchronized void closeStores(RecordLogs l) {
        if (logs != l) {
            return;
        }
        tracker.close();
        tracker = null;
        logs = null;
    }

    /** The checkpoint tasks scheduled now, one a durable store: what a store restarted under it left behind. */
    int checkpointsScheduled() {
        return checkpoints == null ? 0 : ((java.util.concurrent.ScheduledThreadPoolExecutor) checkpoints).getQueue().size();
    }

    static long checkpointSeconds(String v) {
        if (v == null || v.isBlank()) {
            return 60;
        }
        try {
            long s = Long.parseLong(v.trim());
            if (s >= 0) {
                return s;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(CHECKPOINT_S_PROPERTY + " must be a whole number of seconds (0: only at shutdown), got '" + v + "'");
    }

    @Override
    public Running addingService(ServiceReference<KeyValueStore> ref) {
        if (!Constants.SCOPE_PROTOTYPE.equals(ref.getProperty(Constants.SERVICE_SCOPE))) {
            String why = "the store " + ref.getProperty(Kernel.IMPL) + " is not a prototype-scope service, so the durable"
                    + " store cannot have an instance of its own (the kernel holds the shared one); name another with "
                    + STORE_PROPERTY;
            LOG.log(System.Logger.Level.ERROR, "no durable store: " + why);
            tellFailed(why);
            return null;
        }
        ServiceObjects<KeyValueStore> objects = context.getServiceObjects(ref);
        KeyValueStore store = objects.getService();
        DurableStore made = null;
        try {
            // Where a memory store serves the boot, not recovered here: the kernel swaps into it
            // (its import recovers the folder); recovering now would read the folder twice. Where
            // none may (standin=false: the launcher's durable nodes), it recovers before it is
            // registered, so that the kind's handle, and the port of the server that needs it,
            // appear once its items are back, and a folder it cannot recover serves nothing.
            made = new DurableStore(store, settings, journal, logs);
            made.tellDamageTo(this::tellNode);
            LOG.log(System.Logger.Level.INFO, "durable store in " + made.dir() + " (" + settings.durability().name().toLowerCase()
                    + ", behind " + ref.getProperty(Kernel.IMPL) + ", journal " + journal + ")");
            if (recoverBeforeServing) {
                LOG.log(System.Logger.Level.INFO, "durable store in " + made.dir() + " recovered before it serves: " + made.recover());
            }
        } catch (RuntimeException e) {
            if (made != null) {
                made.close();
            }
            objects.ungetService(store);
            LOG.log(System.Logger.Level.ERROR, "no durable store: " + e.getMessage() + "; the node serves no item until"
                    + " it is fixed", e);
            tellFailed(e.getMessage());
            return null;
        }
        DurableStore durable = made;
        java.util.concurrent.Future<?> checkpointing = null;
        if (checkpointSeconds > 0) {
            CheckpointFailures failures = new CheckpointFailures(LOG, durable.dir());
            checkpointing = checkpoints.scheduleWithFixedDelay(() -> checkpoint(durable, failures), checkpointSeconds,
                    checkpointSeconds, TimeUnit.SECONDS);
        }
        Dictionary<String, Object> told = new Hashtable<>();
        told.put(StorageRefusals.KIND, KeyValueStore.class.getName());
        told.put(StorageRefusals.IMPL, IMPL);
        ServiceRegistration<StorageRefusals> refusals = context.registerService(StorageRefusals.class, durable.refusals(), told);
        RecoveryFigures figures = new RecoveryFigures(context, durable);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Kernel.IMPL, IMPL);
        props.put(Kernel.WHERE, PLACE);
        props.put(STORE_PROPERTY, String.valueOf(ref.getProperty(Kernel.IMPL)));
        return new Running(objects, store, durable, context.registerService(KeyValueStore.class, durable, props), refusals,
                figures, checkpointing);
    }

    /**
     * Tells the launcher that the durable store will not come, and why ({@link NodeProperties#PENDING_FAILURE}):
     * it stops the node at once with the reason. A node on a folder it could not recover (another
     * node's lock on it, a missing checkpoint) waited out its ready timeout, 30 s, and ended naming
     * only the memcached server's unsatisfied reference to a store.
     */
    private synchronized void tellFailed(String why) {
        if (failed == null) {
            failed = pendingFailure(why);
        }
    }

    private ServiceRegistration<Object> pendingFailure(String why) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.PENDING, "the durable store (" + Kernel.IMPL + "=" + IMPL + ")");
        props.put(NodeProperties.PENDING_FAILURE, why + "; the node serves no item until it is fixed");
        return context.registerService(Object.class, new Object(), props);
    }

    /** To the node's events ({@code mlos journal tail}) where a node has them; else the log alone said it. */
    private void tellNode(String line) {
        ServiceReference<org.mlos.core.api.NodeEvents> ref = context.getServiceReference(org.mlos.core.api.NodeEvents.class);
        org.mlos.core.api.NodeEvents events = ref == null ? null : context.getService(ref);
        if (events != null) {
            try {
                events.event(IMPL, line);
            } finally {
                context.ungetService(ref);
            }
        }
    }

    private static void checkpoint(DurableStore durable, CheckpointFailures failures) {
        try {
            durable.checkpoint();
            failures.succeeded();
        } catch (Exception | Error e) {
            failures.failed(e, System.nanoTime());
        }
    }

    @Override
    public void modifiedService(ServiceReference<KeyValueStore> ref, Running running) {
    }

    @Override
    public void removedService(ServiceReference<KeyValueStore> ref, Running running) {
        // Its checkpoints end with it: a store restarted under it (a rollout) left the old one's
        // running every minute, failing on its closed journal, and holding the old store in memory.
        if (running.checkpointing() != null) {
            running.checkpointing().cancel(false);
        }
        // Checkpoint and mark first: unregistering makes the kernel move the state away, which
        // must not read as leaving durability (the folder keeps the state for the next start).
        running.durable().prepareClose();
        try {
            running.registration().unregister();
            running.refusals().unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework is stopping
        }
        running.figures().withdraw();
        running.durable().close();
        running.objects().ungetService(running.store());
    }

    @Deactivate
    void deactivate() {
        if (journalWait != null) {
            journalWait.close();
        }
        if (logsTracker != null) {
            logsTracker.close();
        }
        synchronized (this) {
            if (failed != null) {
                failed.unregister();
                failed = null;
            }
        }
        synchronized (this) {
            if (tracker != null) {
                tracker.close();
                tracker = null;
            }
        }
        if (checkpoints != null) {
            checkpoints.shutdownNow();
        }
    }
}
