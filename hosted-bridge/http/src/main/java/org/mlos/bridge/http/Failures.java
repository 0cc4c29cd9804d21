package org.mlos.bridge.http;

import org.mlos.bridge.api.HostCommandException;
import org.mlos.bridge.api.HostFileException;
import org.mlos.bridge.api.HostFileNotFoundException;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.remote.RemoteCallException;

/** The status a failed call answers with; its message is the body, as the host wrote it. */
final class Failures {

    private Failures() {
    }

    static Reply reply(Throwable t) {
        if (t instanceof HostFileNotFoundException) {
            return Reply.text(404, t.getMessage());
        }
        if (t instanceof HostFileException || t instanceof IllegalArgumentException) {
            return Reply.text(400, t.getMessage());
        }
        if (t instanceof HostCommandException) {
            return Reply.text(422, t.getMessage());
        }
        if (t instanceof NoImplementationException || t instanceof RemoteCallException) {
            // the full node is not there (yet), or went away: the client may try again
            return Reply.text(503, "the host does not answer: " + t.getMessage());
        }
        return Reply.text(500, "cannot answer: " + t);
    }
}
