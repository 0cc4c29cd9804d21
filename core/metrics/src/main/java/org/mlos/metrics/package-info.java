/** A node's figures for operators: Micrometer meters, the Prometheus endpoint, JMX. Private. */
package org.mlos.metrics;
