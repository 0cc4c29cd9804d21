/**
 * What generated remote stubs and dispatchers run on: the wire encoding ({@link
 * org.mlos.core.remote.WireOut}, {@link org.mlos.core.remote.WireIn}), the seam a transport plugs
 * into ({@link org.mlos.core.remote.RemoteInvoker}, {@link org.mlos.core.remote.RemoteDispatcher})
 * and the failure a caller sees ({@link org.mlos.core.remote.RemoteCallException}). No networking
 * here: transports live outside core (the cluster's {@code org.mlos.cluster.remote}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.mlos.core.remote;
