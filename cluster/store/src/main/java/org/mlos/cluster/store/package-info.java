/** The {@code hazelcast} implementation of the KeyValueStore kind. Private. */
package org.mlos.cluster.store;
