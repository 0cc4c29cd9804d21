/**
 * Elasticity support on each node: the node's own load figures published (sealed) beside the
 * registry ({@link org.mlos.cluster.scale.LoadBoard}), the ketama ring of a profile's cache nodes,
 * and the drain of a node that leaves: its local store's items re-homed to their new owners by
 * sealed {@code rehome} tasks. Answers {@code scale ...} requests on the control socket. Uses
 * {@code node}, {@code task} and {@code wire}; private.
 */
package org.mlos.cluster.scale;
