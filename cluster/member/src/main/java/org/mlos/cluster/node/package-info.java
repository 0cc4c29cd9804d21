/**
 * What this node is to its peers: {@link org.mlos.cluster.node.LocalNode} (kernel, framework, secret,
 * trusted keys), the tasks it runs for them ({@link org.mlos.cluster.node.NodeTask},
 * {@link org.mlos.cluster.node.TaskTypes}) and what they report ({@link org.mlos.cluster.node.TaskResult},
 * {@link org.mlos.cluster.node.TaskOutcome}). A leaf: it depends on no other package of the cluster
 * bundle but {@code auth} and {@code wire}, so that {@code registry}, {@code task}, {@code swap},
 * {@code rollout} and {@code member} all depend on it and never the other way. Private.
 */
package org.mlos.cluster.node;
