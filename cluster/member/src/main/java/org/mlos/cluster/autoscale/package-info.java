/**
 * The cluster's autoscaler as a node component ({@link org.mlos.cluster.autoscale.Autoscaler}, off
 * unless {@code mlos.autoscale} gives rules): one leader per cluster decides from the loads the
 * nodes publish ({@code scale}), asks for changes with sealed scale requests that the local
 * cluster's supervisor carries out, and journals every decision and outcome. Uses {@code node},
 * {@code scale} and {@code wire}; private.
 */
package org.mlos.cluster.autoscale;
