package org.mlos.cluster.swap;

import java.util.UUID;

import org.mlos.cluster.auth.AuthException;
import org.mlos.cluster.auth.MessageAuth;
import org.mlos.cluster.auth.SealedEntries;
import org.mlos.cluster.log.FloodLogs;
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
    /** A stranger member can write decisions as fast as it likes: a line each filled the log. */
    private final FloodLogs refused = FloodLogs.refusedWarnings(LOG, "atomic swap decision", "atomic swap decisions",
            FloodLogs::viaMember);

    private DecisionWatch(LocalNode node) {
        this.node = node;
        this.listener = PendingSwaps.decisions(node).addEntryListener(new EntryAdapter<String, byte[]>() {
            @Override
            public void onEntryEvent(EntryEvent<String, byte[]> event) {
                Object[] read = SealedEntries.read(event); // a stranger may write any type: nothing cast unchecked
                if (read == null || read[1] == null) {
                    return; // removed or expired, or not even deserializable: no node wrote it
                }
                Object key = read[0];
                Object value = read[1];
                try {
                    if (!(key instanceof String id) || !(value instanceof byte[] sealed)) {
                        throw new AuthException("not a decision: key " + SealedEntries.describe(key) + ", value "
                                + SealedEntries.describe(value));
                    }
                    PendingSwaps.check(node, id, sealed);
                } catch (AuthException | RuntimeException e) {
                    String via = Strangers.address(event.getMember().getAddress());
                    String claimed = value instanceof byte[] b ? MessageAuth.claimedSender(b) : SealedEntries.describe(value);
                    if (refused.first(via, key + ", claiming sender " + claimed + ": " + e.getMessage())) {
                        LOG.log(System.Logger.Level.WARNING, "refused the decision of atomic swap " + key
                                + " written via member " + via + " (the writer if a member wrote it; a client writes"
                                + " through a member; " + Strangers.describe(node) + "), claiming sender " + claimed
                                + ": " + e.getMessage());
                    }
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
        refused.flush(); // what was counted is told before the node goes
    }
}
