package org.mlos.cluster.swap;

import java.util.UUID;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.registry.Strangers;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;

/**
 * Logs an atomic swap's decision that does not verify as soon as it is written, with the address
 * of the member that wrote it (Hazelcast's entry event; a client writes through a member, which is
 * named then). Such a decision never keeps a node on a new implementation ({@link PendingSwaps}
 * reads it as abort); this is so that the operator learns who tried.
 */
public final class DecisionWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DecisionWatch.class.getName());

    private final LocalNode node;
    private final UUID listener;

    private DecisionWatch(LocalNode node) {
        this.node = node;
        this.listener = PendingSwaps.decisions(node).addEntryListener(new EntryAdapter<String, byte[]>() {
            @Override
            public void onEntryEvent(EntryEvent<String, byte[]> event) {
                if (event.getValue() == null) {
                    return; // removed or expired
                }
                try {
                    PendingSwaps.check(node, event.getKey(), event.getValue());
                } catch (AuthException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "refused the decision of atomic swap " + event.getKey()
                            + " written via member " + Strangers.address(event.getMember().getAddress())
                            + " (the writer if a member wrote it; a client writes through a member; "
                            + Strangers.describe(node) + "), claiming sender " + MessageAuth.claimedSender(event.getValue())
                            + ": " + e.getMessage());
                }
            }
        }, true);
    }

    /** Watches the decisions map of this node's cluster from now on. */
    public static DecisionWatch start(LocalNode node) {
        return new DecisionWatch(node);
    }

    @Override
    public void close() {
        try {
            PendingSwaps.decisions(node).removeEntryListener(listener);
        } catch (RuntimeException down) {
            // the member is stopping
        }
    }
}
