package org.mlos.mem.alloc.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.core.api.Kernel;
import org.mlos.mem.alloc.AllocConfig;
import org.mlos.mem.alloc.AllocatorBase;
import org.mlos.mem.api.OffHeapAllocator;
import org.mlos.mem.api.OffHeapBlock;
import org.mlos.mem.store.Capacity;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code pool}: power-of-two size classes (64 bytes to 1 MB) with free lists. A freed block goes
 * back to its class and is handed out again (zeroed); blocks above 1 MB get an arena of their
 * own. The trade-off against {@code arena}: any mix of lifetimes reuses memory well, at the price
 * of up to half a block lost to rounding, and memory once taken is kept for reuse until the
 * allocator retires.
 */
@Component(service = OffHeapAllocator.class, property = Kernel.IMPL + "=pool",
        configurationPid = "org.mlos.mem.alloc.pool")
@Designate(ocd = AllocConfig.class)
public final class PoolAllocator extends AllocatorBase {

    static final int MIN_SHIFT = 6;
    static final int MAX_SHIFT = 20;
    /** Memory is carved for a class this many bytes at a time (or one block, if larger). */
    static final int REFILL = 64 << 10;
    static final long HUGE = -1;

    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<MemorySegment>[] free = new ConcurrentLinkedDeque[MAX_SHIFT + 1];
    private final AtomicLong reserved = new AtomicLong();
    private Arena arena;

    /** For DS. */
    public PoolAllocator() {
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            free[s] = new ConcurrentLinkedDeque<>();
        }
    }

    /** For plain Java and tests. */
    public PoolAllocator(long capacityBytes) {
        this();
        this.capacity = capacityBytes;
    }

    @Activate
    void activate(BundleContext context, AllocConfig config) {
        capacity = Capacity.bytes(config.capacity_mb(), context, AllocConfig.CAPACITY_PROPERTY,
                AllocConfig.DEFAULT_CAPACITY_MB);
    }

    @Deactivate
    void deactivate() {
        shutDown();
    }

    static int shiftFor(int bytes) {
        int shift = 32 - Integer.numberOfLeadingZeros(Math.max(bytes, 1 << MIN_SHIFT) - 1);
        return Math.max(MIN_SHIFT, shift);
    }

    @Override
    protected OffHeapBlock allocateBlock(int bytes) {
        int shift = shiftFor(bytes);
        if (shift > MAX_SHIFT) {
            checkBudget(bytes);
            Arena own = Arena.ofShared();
            MemorySegment m = own.allocate(bytes, 16);
            reserved.addAndGet(bytes);
            return new OffHeapBlock(new Huge(this, own), m.asByteBuffer(), HUGE, m);
        }
        MemorySegment m = free[shift].pollFirst();
        if (m == null) {
            m = refill(shift);
        } else {
            m.fill((byte) 0);
        }
        return new OffHeapBlock(this, m.asSlice(0, bytes).asByteBuffer(), shift, m);
    }

    /** Carves a fresh run of blocks for a class; returns one, keeps the rest. */
    private synchronized MemorySegment refill(int shift) {
        MemorySegment m = free[shift].pollFirst();
        if (m != null) {
            m.fill((byte) 0);
            return m;
        }
        int block = 1 << shift;
        int run = Math.max(block, REFILL);
        checkBudget(run);
        if (arena == null) {
            arena = Arena.ofShared();
        }
        MemorySegment carved = arena.allocate(run, 16);
        reserved.addAndGet(run);
        for (int off = block; off < run; off += block) {
            free[shift].addLast(carved.asSlice(off, block));
        }
        return carved.asSlice(0, block);
    }

    @Override
    protected void releaseBlock(OffHeapBlock block) {
        if (block.slot() != HUGE) {
            free[(int) block.slot()].addFirst((MemorySegment) block.attachment());
        }
    }

    @Override
    protected long reservedBytes() {
        return reserved.get();
    }

    @Override
    protected synchronized void releaseAll() {
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            free[s].clear();
        }
        if (arena != null) {
            arena.close();
            arena = null;
            reserved.set(0);
        }
    }

    /** A block above the largest class: its own arena, closed when it is freed. */
    private static final class Huge implements org.mlos.mem.alloc.BlockOwner {
        final PoolAllocator pool;
        final Arena arena;

        Huge(PoolAllocator pool, Arena arena) {
            this.pool = pool;
            this.arena = arena;
        }

        @Override
        public void freeOwned(OffHeapBlock block) {
            pool.freeHuge(block, arena);
        }

        @Override
        public org.mlos.mem.api.AllocatorStats ownStats() {
            return pool.ownStats();
        }
    }

    private void freeHuge(OffHeapBlock block, Arena own) {
        freeOwned(block); // counts it; releaseBlock ignores HUGE blocks
        own.close();
        reserved.addAndGet(-block.size());
    }
}
