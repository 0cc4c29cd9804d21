/**
 * The remote-call transport: Vert.x TCP, one authenticated connection per peer with calls
 * pipelined on it ({@link org.mlos.cluster.remote.transport.RemoteClient}), and the host that runs
 * them on instances it creates on request ({@link org.mlos.cluster.remote.transport.RemoteServer}).
 */
package org.mlos.cluster.remote.transport;
