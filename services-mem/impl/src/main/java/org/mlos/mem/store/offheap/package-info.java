/** What the off-heap stores (slab, log) share in this bundle: their configuration. */
package org.mlos.mem.store.offheap;
