/**
 * What every store shares: memcached's operations over a few primitives
 * ({@link org.mlos.mem.store.AbstractStore}), statistics, capacity configuration, and the
 * entries state format.
 *
 * <p>Exported only for the off-heap stores of bundle {@code org.mlos.mem} (Java 24), which extend
 * these classes: the export carries the mandatory attribute {@code mlos.internal=true}, so a bundle
 * that merely imports {@code org.mlos.mem.store} does not wire to it. Not an API: it may change in
 * any release.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mlos.mem.store;
