/**
 * What the schedulers share: tickets and counting ({@link org.mlos.sched.core.AbstractScheduler}),
 * per-key serial queues ({@link org.mlos.sched.core.KeyedQueues}), fences that keep a key's order
 * across a swap ({@link org.mlos.sched.core.Fences}), a timer heap
 * ({@link org.mlos.sched.core.TimerHeap}), and the hand-over of tasks in a swap.
 */
package org.mlos.sched.core;
