package org.mlos.core.remote;

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
}
