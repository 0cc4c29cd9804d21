/** The node registry: every node's published {@link org.mlos.cluster.api.NodeInfo}, kept truthful. Private. */
package org.mlos.cluster.registry;
