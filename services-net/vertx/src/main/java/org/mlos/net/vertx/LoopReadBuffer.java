package org.mlos.net.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Where a connection's socket reads land: one 64 KB buffer per event loop, which every
 * connection of the loop reads into in turn, as memcached's worker thread reads into its
 * connection's buffer. A request's bytes are parsed during the read and the buffer given back
 * before the next, so one buffer serves the loop; taking a new one from Netty's allocator for
 * each read cost 8% of the node's CPU samples under memaslap's text load (by {@code perf}:
 * {@code AdaptivePoolingAllocator$MagazineGroup.allocate}, more than the parser).
 *
 * <p>The buffer is lent by reference count: it is handed out only while the loop's own
 * reference is its only one. A handler that keeps it past the read (a TLS handler holding part
 * of a record) keeps it to itself; reads meanwhile take a buffer of the allocator's
 * ({@link VertxConnection#READS_OTHERWISE}).
 *
 * <p>One read an event, as Netty's allocators read by default: a read fills at most 64 KB, and
 * a connection with more waiting is read again at the loop's next turn, after its neighbours.
 */
final class LoopReadBuffer extends DefaultMaxMessagesRecvByteBufAllocator {

    /** One read at most: what a pipelining client's batch fills, and the session's scratch. */
    static final int BYTES = VertxConnection.SCRATCH_BYTES;

    private static final FastThreadLocal<Held> HELD = new FastThreadLocal<>() {
        @Override
        protected Held initialValue() {
            return new Held();
        }

        @Override
        protected void onRemoval(Held held) {
            held.release(); // the event loop ended
        }
    };

    /** A read's buffer while the loop's is held elsewhere. */
    private final int otherwise;

    LoopReadBuffer(int otherwise) {
        this.otherwise = otherwise;
    }

    @Override
    public Handle newHandle() {
        return new LoopHandle();
    }

    /** The loop's buffer and its reference; a holder, since FastThreadLocal keeps no nulls apart. */
    private static final class Held {
        ByteBuf buffer;

        ByteBuf lend() {
            if (buffer == null) {
                // not the channel's pooling allocator: a buffer kept for good would pin the whole
                // chunk it was cut from (eight times its size, 2 MB for four loops)
                buffer = Unpooled.directBuffer(BYTES);
            } else if (buffer.refCnt() != 1) {
                return null; // still held by whoever it was lent to
            }
            return buffer.clear().retain();
        }

        void release() {
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }
    }

    /**
     * Counts a read's messages and bytes as Netty's own handles do (its base class). The read
     * size is fixed, so nothing of Netty's adaptive sizing is needed (a wrapper around its handle
     * measured the same under memaslap, 5 rounds side by side).
     */
    private final class LoopHandle extends MaxMessageHandle {

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf lent = HELD.get().lend();
            return lent != null ? lent : alloc.ioBuffer(otherwise);
        }

        @Override
        public int guess() {
            return BYTES;
        }
    }
}
