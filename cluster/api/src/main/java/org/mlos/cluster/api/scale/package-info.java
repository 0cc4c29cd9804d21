/**
 * What an operator tells the cluster's autoscaler: per profile, the bounds it keeps the node
 * count in ({@link org.mlos.cluster.api.scale.AutoscaleRule}), and the thresholds, runs of
 * samples and cool-down it decides with ({@link org.mlos.cluster.api.scale.AutoscaleSettings}),
 * as framework properties ({@code mlos.autoscale…}) or {@code mlos cluster up --autoscale}
 * options. Plain records with their parsers, so the command line can check them before a node starts.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.mlos.cluster.api.scale;
