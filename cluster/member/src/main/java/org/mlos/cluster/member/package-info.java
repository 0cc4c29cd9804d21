/** The node's Hazelcast member and the {@link org.mlos.cluster.api.Cluster} service. Private. */
package org.mlos.cluster.member;
