package org.mlos.mem.alloc.arena;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code arena}: bump allocation in 1 MB chunks, each its own FFM arena, freed in bulk. A block
 * costs a pointer bump; a chunk goes back to the system the moment its last block is freed. The
 * trade-off: one long-lived block keeps its whole chunk, so memory with mixed lifetimes
 * fragments; for request-scoped or phase-scoped memory it is the cheapest there is.
 */
@Component(service = OffHeapAllocator.class, property = Kernel.IMPL + "=arena",
        configurationPid = "org.mlos.mem.alloc.arena")
@Designate(ocd = AllocConfig.class)
public final class ArenaAllocator extends AllocatorBase {

    static final int CHUNK = 1 << 20;
    static final int ALIGN = 16;
    /** Blocks above this get a chunk of their own. */
    static final int LARGE = CHUNK / 4;

    private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
    private final AtomicLong chunkIds = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();
    private Chunk current;

    /** One arena: bump pointer, live block count. */
    private static final class Chunk {
        final long id;
        final Arena arena = Arena.ofShared();
        final MemorySegment memory;
        final AtomicInteger live = new AtomicInteger();
        long top;
        volatile boolean sealed;
        boolean closed;

        Chunk(long id, long size) {
            this.id = id;
            this.memory = arena.allocate(size, ALIGN);
        }
    }

    /** For DS. */
    public ArenaAllocator() {
    }

    /** For plain Java and tests. */
    public ArenaAllocator(long capacityBytes) {
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

    @Override
    protected OffHeapBlock allocateBlock(int bytes) {
        int size = (bytes + ALIGN - 1) & -ALIGN;
        if (size > LARGE) {
            Chunk own = newChunk(size);
            own.sealed = true;
            own.live.incrementAndGet();
            return block(own, 0, bytes);
        }
        synchronized (this) {
            if (current == null || current.top + size > CHUNK) {
                if (current != null) {
                    seal(current);
                }
                current = newChunk(CHUNK);
            }
            long offset = current.top;
            current.top += size;
            current.live.incrementAndGet();
            return block(current, offset, bytes);
        }
    }

    private Chunk newChunk(long size) {
        checkBudget(size);
        Chunk c = new Chunk(chunkIds.incrementAndGet(), size);
        chunks.put(c.id, c);
        reserved.addAndGet(size);
        return c;
    }

    private OffHeapBlock block(Chunk c, long offset, int bytes) {
        return new OffHeapBlock(this, c.memory.asSlice(offset, bytes).asByteBuffer(), c.id, c);
    }

    @Override
    protected void releaseBlock(OffHeapBlock block) {
        Chunk c = (Chunk) block.attachment();
        if (c.live.decrementAndGet() == 0 && c.sealed) {
            close(c);
        }
    }

    /** No more blocks come from this chunk: it closes with its last block. */
    private void seal(Chunk c) {
        c.sealed = true;
        if (c.live.get() == 0) {
            close(c);
        }
    }

    private synchronized void close(Chunk c) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        chunks.remove(c.id);
        reserved.addAndGet(-c.memory.byteSize());
        c.arena.close();
    }

    @Override
    protected long reservedBytes() {
        return reserved.get();
    }

    @Override
    protected synchronized void releaseAll() {
        current = null;
        for (Chunk c : chunks.values()) {
            close(c);
        }
    }
}
