package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The event loop's read buffer is lent to a read only while nothing else holds it: a handler
 * that keeps its bytes past the read (a TLS handler holding part of a record) must not find
 * them overwritten by the next read on the loop. Each case runs on a thread of its own, as an
 * event loop, which drops the buffer when it ends.
 */
class LoopReadBufferTest {

    /** Counts the buffers it makes. */
    static final class Counting extends AbstractByteBufAllocator {
        final AtomicInteger made = new AtomicInteger();

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            made.incrementAndGet();
            return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            throw new AssertionError("a socket reads into direct buffers only");
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @Test
    void readsOneAfterAnotherShareOneBuffer() throws Exception {
        Counting alloc = new Counting();
        onALoop(() -> {
            RecvByteBufAllocator.Handle reads = new LoopReadBuffer(2048).newHandle();
            ByteBuf first = reads.allocate(alloc);
            first.writeBytes("get a\r\n".getBytes(StandardCharsets.US_ASCII));
            first.release(); // parsed
            for (int i = 0; i < 1_000; i++) {
                ByteBuf next = reads.allocate(alloc);
                assertSame(first, next);
                assertEquals(0, next.readableBytes(), "lent again empty");
                assertEquals(LoopReadBuffer.BYTES, next.writableBytes());
                next.release();
            }
            assertEquals(0, alloc.made.get(), "the loop's buffer is its own, not the channel allocator's");
            return null;
        });
    }

    @Test
    void aBufferKeptPastItsReadIsNotLentAgainUntilGivenBack() throws Exception {
        Counting alloc = new Counting();
        onALoop(() -> {
            RecvByteBufAllocator.Handle reads = new LoopReadBuffer(2048).newHandle();
            ByteBuf kept = reads.allocate(alloc);
            kept.writeBytes("part of a record".getBytes(StandardCharsets.US_ASCII)); // not released

            ByteBuf other = reads.allocate(alloc);
            assertNotSame(kept, other);
            assertEquals(2048, other.writableBytes(), "the allocator's, sized as reads are otherwise");
            assertEquals(1, alloc.made.get());
            other.writeBytes("the next read".getBytes(StandardCharsets.US_ASCII));
            other.release();
            assertEquals("part of a record", kept.toString(StandardCharsets.US_ASCII));

            kept.release(); // the handler is done with it
            assertSame(kept, reads.allocate(alloc));
            return null;
        });
    }

    @Test
    void theBufferIsFreedWhenItsLoopEnds() throws Exception {
        ByteBuf lent = onALoop(() -> {
            ByteBuf b = new LoopReadBuffer(2048).newHandle().allocate(new Counting());
            b.release();
            assertEquals(1, b.refCnt(), "the loop's own reference");
            return b;
        });
        assertEquals(0, lent.refCnt());
    }

    /** Runs {@code body} on a fresh thread that ends as an event loop ends: its thread locals removed. */
    private static <T> T onALoop(java.util.concurrent.Callable<T> body) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread loop = new FastThreadLocalThread(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                FastThreadLocal.removeAll();
            }
        });
        loop.start();
        loop.join(TimeUnit.SECONDS.toMillis(30));
        return result.get(1, TimeUnit.SECONDS);
    }
}
