package org.mlos.net.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
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
 * of a record) keeps it to itself; reads meanwhile take a buffer of the allocator's, sized as
 * Netty's adaptive allocator sizes them (at least 2 KB: {@link VertxConnection#READS_MIN}).
 */
final class LoopReadBuffer implements MaxMessagesRecvByteBufAllocator {

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

    private final AdaptiveRecvByteBufAllocator otherwise;

    LoopReadBuffer(int minimum) {
        otherwise = new AdaptiveRecvByteBufAllocator(minimum, minimum, BYTES);
    }

    @Override
    public Handle newHandle() {
        return new LoopHandle((ExtendedHandle) otherwise.newHandle());
    }

    /** Netty's channel configuration reads and sets this; the reads otherwise are its. */
    @Override
    public int maxMessagesPerRead() {
        return otherwise.maxMessagesPerRead();
    }

    @Override
    public MaxMessagesRecvByteBufAllocator maxMessagesPerRead(int maxMessagesPerRead) {
        otherwise.maxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    /** The loop's buffer and its reference; a holder, since FastThreadLocal keeps no nulls apart. */
    private static final class Held {
        ByteBuf buffer;

        ByteBuf lend(ByteBufAllocator alloc) {
            if (buffer == null) {
                buffer = alloc.directBuffer(BYTES);
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

    private static final class LoopHandle extends DelegatingHandle implements ExtendedHandle {

        LoopHandle(ExtendedHandle sizes) {
            super(sizes);
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf lent = HELD.get().lend(alloc);
            return lent != null ? lent : super.allocate(alloc);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return ((ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
        }
    }
}
