/**
 * The cluster a node belongs to, as a service: what every node is and runs
 * ({@link org.mlos.cluster.api.NodeInfo}), swaps across many nodes at once (rolling, or atomic:
 * all or nothing), and bundle rollouts to the nodes of a profile, each with a per-node report.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package org.mlos.cluster.api;
