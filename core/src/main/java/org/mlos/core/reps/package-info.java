/**
 * Per-core representatives, after K42's clustered objects and EbbRT's Elastic Building Blocks:
 * an object whose state is split over one representative per core, each made lazily by a miss
 * handler on its first use, with a root ({@link org.mlos.core.reps.PerCore}) that answers what
 * spans them (a sum, a flush) and walks them for state transfer
 * ({@link org.mlos.core.reps.RepresentedExport}).
 *
 * <p>On the JVM a thread is not pinned to a core, so "core" here means a <em>stripe</em> of
 * threads: a thread's stripe is its id modulo a power of two at least twice the processors. Pool
 * threads and event loops are created together and have consecutive ids, so each gets a stripe of
 * its own; a stripe two running threads share costs a shared cache line, never a wrong result.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mlos.core.reps;
