/**
 * How tasks travel: sealed for their target ({@link org.mlos.cluster.task.Tasks},
 * {@link org.mlos.cluster.task.SealedTask}), verified and run there, answered sealed
 * ({@code TaskReceiver}). Depends on {@code node}, {@code registry}, {@code auth} and {@code wire};
 * {@code swap} and {@code rollout} send their tasks through it. Private.
 */
package org.mlos.cluster.task;
