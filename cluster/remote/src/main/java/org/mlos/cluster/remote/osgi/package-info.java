/**
 * Remote kinds in a framework: the DS component that hosts instances for other nodes and
 * provides {@code <impl>@<node>} candidates to the kernel.
 */
package org.mlos.cluster.remote.osgi;
