/** Bundle rollouts to the nodes of a profile, checked by SHA-256 and undone where they fail. Private. */
package org.mlos.cluster.rollout;
