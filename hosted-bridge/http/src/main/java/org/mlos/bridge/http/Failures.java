package org.mlos.bridge.http;

import org.mlos.bridge.api.HostBusyException;
import org.mlos.bridge.api.HostCommandException;
import org.mlos.bridge.api.HostFileFailedException;
import org.mlos.bridge.api.HostFileException;
import org.mlos.bridge.api.HostFileNotFoundException;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.remote.RemoteCallException;

/** The status a failed call answers with; its message is the body, as the host wrote it. */
final class Failures {

    private Failures() {
    }

    static Reply reply(Throwable t) {
        if (t instanceof HostFileFailedException) {
            return Reply.text(500, t.getMessage());
        }
        if (t instanceof HostBusyException) {
            return Reply.text(503, t.getMessage()).with("Retry-After", "5");
        }
        if (t instanceof HostFileNotFoundException) {
            return Reply.text(404, t.getMessage());
        }
        if (t instanceof HostFileException || t instanceof IllegalArgumentException) {
            return Reply.text(400, t.getMessage());
        }
        if (t instanceof HostCommandException) {
            return Reply.text(422, t.getMessage());
        }
        if (t instanceof NoImplementationException) {
            // the full node is not there (yet), or went away and its stub was withdrawn: the client may try again
            return Reply.text(503, "the host does not answer (no full node serves this node now; try again once one is up): "
                    + t.getMessage()).with("Retry-After", "5");
        }
        if (t instanceof RemoteCallException e) {
            return switch (e.failure()) {
                // lost before the call ran (or a read): nothing to check, the client may try again
                case NODE_LOST -> e.resendable()
                        ? Reply.text(503, "the host does not answer: " + e.getMessage()).with("Retry-After", "5")
                        // lost while a mutating call was under way: as a timeout, it may have run (an append twice)
                        : Reply.text(504, "the host was lost during the call; the call may have run there, so check"
                                + " before you try it again: " + e.getMessage());
                // the call may have run on the host: a retried append or command would run twice
                case TIMEOUT -> Reply.text(504, "the host did not answer in time; the call may have run there, so check "
                        + "before you try it again: " + e.getMessage());
                case REMOTE_EXCEPTION -> Reply.text(500, "the host failed: " + e.getMessage());
                case PROTOCOL -> Reply.text(502, "the host's answer did not make sense: " + e.getMessage());
            };
        }
        return Reply.text(500, "cannot answer: " + t);
    }
}
