package org.mlos.fault.durable;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The durable store's last recovery as metrics: each figure of its recovery line
 * ({@code checkpoint_entries}, {@code journal_records}, {@code journal_damaged},
 * {@code journal_behind_checkpoint}, {@code recovery_ms}) a {@link LongSupplier} service with
 * {@link NodeProperties#METRIC}, which the metrics bundle scrapes as a gauge. An alert sees a
 * recovery that lost records or took long, which only the log and the node's events said; all 0
 * until the store has recovered.
 */
final class RecoveryFigures {

    static final String DAMAGED = "mlos.durable.recovery.damaged";
    static final String BEHIND = "mlos.durable.recovery.journal.behind";
    static final String CHECKPOINT_ENTRIES = "mlos.durable.recovery.checkpoint.entries";
    static final String REPLAYED = "mlos.durable.recovery.journal.records";
    static final String MILLIS = "mlos.durable.recovery.milliseconds";

    private final List<ServiceRegistration<LongSupplier>> registrations = new ArrayList<>();

    /** Publishes the figures of {@code durable}'s last recovery until {@link #withdraw()}. */
    RecoveryFigures(BundleContext context, DurableStore durable) {
        publish(context, durable, DAMAGED, Recovery::damaged, "journal records the durable store's last recovery found"
                + " damaged on disk and did not replay (0: none); the store lacks what they held");
        publish(context, durable, BEHIND, Recovery::behind, "journal records the durable store's last recovery found"
                + " missing after its checkpoint (the journal ended before it; 0: none): their writes were lost");
        publish(context, durable, CHECKPOINT_ENTRIES, Recovery::checkpointEntries,
                "entries the durable store's last recovery loaded from its checkpoint");
        publish(context, durable, REPLAYED, Recovery::replayed,
                "journal records the durable store's last recovery replayed after its checkpoint");
        publish(context, durable, MILLIS, Recovery::millis, "how long the durable store's last recovery took, in milliseconds");
    }

    private void publish(BundleContext context, DurableStore durable, String name, ToLongFunction<Recovery> figure,
            String description) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.METRIC, name);
        props.put(NodeProperties.METRIC_DESCRIPTION, description);
        LongSupplier read = () -> figure.applyAsLong(durable.lastRecovery());
        registrations.add(context.registerService(LongSupplier.class, read, props));
    }

    /** Withdraws every figure (the framework stopping may have withdrawn them already). */
    void withdraw() {
        for (ServiceRegistration<LongSupplier> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
    }
}
