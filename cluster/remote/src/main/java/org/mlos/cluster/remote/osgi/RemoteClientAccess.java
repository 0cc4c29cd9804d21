package org.mlos.cluster.remote.osgi;

import org.mlos.cluster.remote.transport.RemoteClient;

/** The instance number behind a stub, for its {@code endpoint.id}. */
final class RemoteClientAccess {

    private RemoteClientAccess() {
    }

    static int instance(Object stub) {
        return RemoteClient.binding(stub).instance();
    }
}
