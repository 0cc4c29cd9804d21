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
 * That is told at activation, before the journal binds: events wait for it ({@link EventFeed}).
 */
@Component(service = NodeEvents.class, immediate = true)
public final class NodeEventJournal implements NodeEvents {

    /** Framework property a supervisor sets on the node it restarts: its decision, one line. */
    public static final String RESTART_PROPERTY = "mlos.supervisor.restart";
    private static final System.Logger LOG = System.getLogger(NodeEventJournal.class.getName());

    private final EventFeed feed;
    private volatile boolean journaling;

    /** For DS. */
    public NodeEventJournal() {
        this(EventFeed.CAPACITY);
    }

    /** For plain Java and tests: journals into {@code journal}. */
    public NodeEventJournal(Journal journal) {
        this(EventFeed.CAPACITY);
        journaling = true;
        feed.bind(journal);
    }

    /** For tests: at most {@code capacity} events wait for a journal to bind. */
    NodeEventJournal(int capacity) {
        feed = new EventFeed(capacity);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindJournal(Journal journal) {
        feed.bind(journal);
    }

    void unbindJournal(Journal journal) {
        feed.unbind(journal);
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
        if (journaling) {
            // timed now, not when a journal takes it: the restart decision waits for the journal to bind
            feed.offer((System.currentTimeMillis() + " " + source + " " + line).getBytes(StandardCharsets.UTF_8));
        }
    }
}
