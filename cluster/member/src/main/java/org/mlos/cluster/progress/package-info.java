/**
 * The cluster operations this member coordinates, node by node, for progress lines: a leaf,
 * used by the swap and rollout packages and read by the member's {@code Cluster} service. Private.
 */
package org.mlos.cluster.progress;
