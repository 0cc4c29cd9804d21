package org.mlos.core.remote;

import java.util.List;

import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;

/**
 * What a generated stub sends its calls through: a transport's binding to one instance on one node.
 */
public interface RemoteInvoker {

    /**
     * Sends a call and waits for its result.
     *
     * @param method the method called
     * @param args   its encoded arguments
     * @return the encoded result, positioned at its start
     * @throws RemoteCallException on a timeout, a lost node, or an exception the remote method threw
     */
    WireIn invoke(RemoteMethod method, WireOut args);

    /** The node this invoker reaches, for messages. */
    String node();

    /**
     * The state formats the remote instance can export and import (the entries format where it
     * can move live), or none: a stub offers these as its own, so the kernel can swap state into
     * and out of a remote instance.
     */
    default List<String> stateFormats() {
        return List.of();
    }

    /** Opens an export of the remote instance's state, entries decoded with the kind's codec. */
    default StateExport exportState(String format, EntryCodec codec) throws Exception {
        throw new UnsupportedOperationException("this transport moves no state (format " + format + ")");
    }

    /** Opens an import into the remote instance, entries encoded with the kind's codec. */
    default StateImport importState(String format, EntryCodec codec) throws Exception {
        throw new UnsupportedOperationException("this transport moves no state (format " + format + ")");
    }
}
