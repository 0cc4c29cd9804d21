/** The cluster's commands: Gogo ({@code mlos:nodes}, {@code mlos:cswap}, {@code mlos:rollout}) and the control socket ({@code cluster ...}). Private. */
package org.mlos.cluster.shell;
