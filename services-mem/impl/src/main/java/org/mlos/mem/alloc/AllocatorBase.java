package org.mlos.mem.alloc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.state.Transferable;
import org.mlos.mem.api.AllocatorStats;
import org.mlos.mem.api.OffHeapAllocator;
import org.mlos.mem.api.OffHeapBlock;

/**
 * Everything an allocator does besides allocating: frees routed to the block's owner, the
 * hand-over in a swap, statistics, and returning memory once a retired allocator has no block
 * out.
 *
 * <p>A swap moves no memory. The state format {@value #HANDOVER} hands the new allocator a
 * reference to the old one: blocks the old one allocated stay valid, a free of one of them is
 * passed back to it, and it gives its memory back when its last block comes home.
 */
public abstract class AllocatorBase implements OffHeapAllocator, BlockOwner, Transferable, SwapAware {

    public static final String HANDOVER = "mlos.alloc.handover";

    private final LongAdder allocations = new LongAdder();
    private final LongAdder frees = new LongAdder();
    private final AtomicLong outstandingBlocks = new AtomicLong();
    private final AtomicLong outstandingBytes = new AtomicLong();
    private final List<BlockOwner> predecessors = new CopyOnWriteArrayList<>();
    private volatile boolean retired;
    protected long capacity;

    /** Allocates a block of exactly {@code bytes} bytes, zeroed. */
    protected abstract OffHeapBlock allocateBlock(int bytes);

    /** Takes back a block of this allocator. */
    protected abstract void releaseBlock(OffHeapBlock block);

    /** Memory taken from the system and not given back. */
    protected abstract long reservedBytes();

    /** Gives every byte back (no block is out). */
    protected abstract void releaseAll();

    @Override
    public final OffHeapBlock allocate(long bytes) {
        if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot allocate " + bytes + " bytes: a block holds 1 to "
                    + Integer.MAX_VALUE + " bytes");
        }
        OffHeapBlock block = allocateBlock((int) bytes);
        allocations.increment();
        outstandingBlocks.incrementAndGet();
        outstandingBytes.addAndGet(block.size());
        return block;
    }

    @Override
    public final void free(OffHeapBlock block) {
        if (block.owner() == this) {
            freeOwned(block);
        } else if (block.owner() instanceof BlockOwner owner) {
            owner.freeOwned(block);
        } else {
            throw new IllegalArgumentException("block of " + block.size() + " bytes was not allocated by an "
                    + "OffHeapAllocator implementation of this bundle");
        }
    }

    @Override
    public final void freeOwned(OffHeapBlock block) {
        if (!block.markFreed()) {
            throw new IllegalStateException("block of " + block.size() + " bytes freed twice");
        }
        releaseBlock(block);
        frees.increment();
        outstandingBytes.addAndGet(-block.size());
        if (outstandingBlocks.decrementAndGet() == 0 && retired) {
            releaseAll();
        }
    }

    @Override
    public final AllocatorStats ownStats() {
        return new AllocatorStats(allocations.sum(), frees.sum(), outstandingBlocks.get(), outstandingBytes.get(),
                reservedBytes(), 0);
    }

    @Override
    public final AllocatorStats stats() {
        AllocatorStats own = ownStats();
        long inheritedBlocks = 0;
        long inheritedBytes = 0;
        for (BlockOwner p : predecessors) {
            AllocatorStats s = p.ownStats();
            inheritedBlocks += s.outstandingBlocks();
            inheritedBytes += s.outstandingBytes();
        }
        return new AllocatorStats(own.allocations(), own.frees(), own.outstandingBlocks() + inheritedBlocks,
                own.outstandingBytes() + inheritedBytes, own.reservedBytes(), inheritedBlocks);
    }

    /** Whether more memory may be taken from the system. */
    protected final void checkBudget(long more) {
        if (reservedBytes() + more > capacity) {
            throw new OutOfMemoryError("off-heap allocator " + getClass().getSimpleName() + " would exceed its budget of "
                    + capacity + " bytes (" + reservedBytes() + " reserved, " + more + " more asked for); "
                    + "raise capacity.mb or free blocks");
        }
    }

    /** On deactivation: memory goes back now, or when the last outstanding block is freed. */
    protected final void shutDown() {
        retired = true;
        if (outstandingBlocks.get() == 0) {
            releaseAll();
        }
    }

    // ---- swaps ------------------------------------------------------------------------------

    @Override
    public List<String> exportFormats() {
        return List.of(HANDOVER);
    }

    @Override
    public List<String> importFormats() {
        return List.of(HANDOVER);
    }

    @Override
    public StateExport exportState(String format) {
        return new Handover(this);
    }

    @Override
    public StateImport importState(String format) {
        retired = false;
        return new StateImport() {
            @Override
            public String format() {
                return HANDOVER;
            }

            @Override
            public void load(StateExport export) {
                BlockOwner old = ((Handover) export).owner;
                if (old != AllocatorBase.this && !predecessors.contains(old)) {
                    predecessors.add(old);
                }
            }
        };
    }

    @Override
    public void retired() {
        shutDown();
    }

    /** The export: the old allocator itself, so that its blocks can still be freed. */
    private static final class Handover implements StateExport {
        final AllocatorBase owner;

        Handover(AllocatorBase owner) {
            this.owner = owner;
        }

        @Override
        public String format() {
            return HANDOVER;
        }

        @Override
        public long entries() {
            return owner.outstandingBlocks.get();
        }

        @Override
        public long bytes() {
            return owner.outstandingBytes.get();
        }
    }
}
