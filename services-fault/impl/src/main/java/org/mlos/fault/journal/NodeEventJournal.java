package org.mlos.fault.journal;

import java.nio.charset.StandardCharsets;

import org.mlos.core.api.NodeEvents;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The node's events (cluster membership, cluster swap and rollout decisions, supervisor restarts)
 * logged, and appended to the {@code Journal} kind when {@value Durability#DIR_PROPERTY} names a
 * folder, as {@code <millis> <source> <line>}, beside the swap supervisor's records.
 *
 * <p>A node its supervisor restarted says so at start: the supervisor passes
 * {@value #RESTART_PROPERTY} (why and which restart), journaled here as the supervisor's decision.
 */
@Component(service = NodeEvents.class, immediate = true)
public final class NodeEventJournal implements NodeEvents {

    /** Framework property a supervisor sets on the node it restarts: its decision, one line. */
    public static final String RESTART_PROPERTY = "mlos.supervisor.restart";
    private static final System.Logger LOG = System.getLogger(NodeEventJournal.class.getName());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;
    private boolean journaling;

    /** For DS. */
    public NodeEventJournal() {
    }

    /** For plain Java and tests: journals into {@code journal}. */
    public NodeEventJournal(Journal journal) {
        this.journal = journal;
        this.journaling = true;
    }

    @Activate
    void activate(BundleContext context) {
        String dir = context.getProperty(Durability.DIR_PROPERTY);
        journaling = dir != null && !dir.isBlank();
        String restart = context.getProperty(RESTART_PROPERTY);
        if (restart != null && !restart.isBlank()) {
            event("supervision", "node restarted by its supervisor: " + restart.trim());
        }
    }

    @Override
    public void event(String source, String line) {
        LOG.log(System.Logger.Level.INFO, source + " " + line);
        Journal j = journal;
        if (journaling && j != null) {
            try {
                j.append((System.currentTimeMillis() + " " + source + " " + line).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot journal '" + source + " " + line + "': " + e);
            }
        }
    }
}
