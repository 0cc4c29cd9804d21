/**
 * Logging what strangers cause without letting them write the log: {@link org.mlos.cluster.log.FloodLog}.
 * Private; the remote-kinds bundle copies it in ({@code -conditionalpackage}) rather than importing it.
 */
package org.mlos.cluster.log;
