/** Cluster-wide swaps, rolling or atomic, as tasks on the target members. Private. */
package org.mlos.cluster.swap;
