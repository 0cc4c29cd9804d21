/**
 * What every store shares: memcached's operations over a few primitives
 * ({@link org.mlos.mem.store.AbstractStore}), statistics, capacity configuration, and the
 * entries state format.
 */
package org.mlos.mem.store;
