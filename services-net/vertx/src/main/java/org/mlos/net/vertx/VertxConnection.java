package org.mlos.net.vertx;

import org.mlos.net.api.Connection;
import org.mlos.net.api.ProtocolSession;

import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.net.NetSocket;

/**
 * A connection accepted by a Vert.x server, served by a Netty handler placed just in front of
 * Vert.x's own: received bytes go straight to the protocol session and replies straight to the
 * channel, without Vert.x's per-message dispatch. Vert.x still owns the event loops, the shared
 * port and the socket's life cycle (close events, counting).
 *
 * <p>Writes made while a read is handled are flushed once, when the event loop has read all it
 * could: a batch of pipelined requests costs one system call. When the channel's outbound buffer
 * is over its high-water mark the connection stops reading until it drains, so a client that
 * does not read its replies cannot make the server buffer without bound.
 *
 * <p>Per request, nothing is allocated here: received bytes reach the session through a scratch
 * array of the event loop (a view of Netty's buffer would be a new {@code ByteBuffer} per read),
 * and a connection keeps one small direct buffer for its replies, which it fills again once the
 * socket has taken what it held (an allocator call costs more than the copy).
 *
 * <p>Socket reads land in one buffer of the event loop's ({@link LoopReadBuffer}), lent to
 * each read and given back when the bytes are parsed, not in a buffer taken from Netty's
 * allocator per read. (Netty's pooled allocator in place of its adaptive one, measured side by
 * side under memaslap twice, gained nothing the second time; the loop's buffer takes 0.3–1.4 us
 * of user CPU off every request, 5 of 5 rounds.)
 */
final class VertxConnection extends ChannelInboundHandlerAdapter implements Connection {

    private static final System.Logger LOG = System.getLogger(VertxConnection.class.getName());
    /** What one call hands a session at most: a read larger than this is handed over in parts. */
    static final int SCRATCH_BYTES = 64 << 10;
    /** Replies up to this size go out through the connection's own reused buffer. */
    static final int SPARE_BYTES = 4096;
    private static final FastThreadLocal<ByteBuffer> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocate(SCRATCH_BYTES);
        }
    };

    private final NetSocket socket;
    private final String protocolName;
    private final String address;
    private ChannelHandlerContext ctx;
    private ProtocolSession session;
    private boolean reading;
    private boolean unflushed;
    /** While the session waits for work done elsewhere ({@link #await}): no reading. */
    private boolean awaiting;
    /** The reused reply buffer, one reference ours; free to fill again when that is its only one. */
    private ByteBuf spare;

    /**
     * What a socket read asks for when the loop's buffer ({@link LoopReadBuffer}) is lent out:
     * 16 KB, memcached's read buffer. Too small a read costs more than the memory: Netty's
     * adaptive size had shrunk to 64 bytes after a run of small requests (a text {@code get} is
     * 22), and a {@code set} of 100 bytes then took two reads (strace under memaslap: 1.1 reads
     * a request; 1.0 as memcached's now).
     */
    static final int READS_OTHERWISE = 16 << 10;
    private static final RecvByteBufAllocator READS = new LoopReadBuffer(READS_OTHERWISE);

    private VertxConnection(NetSocket socket, String protocolName, String address) {
        this.socket = socket;
        this.protocolName = protocolName;
        this.address = address;
    }

    /**
     * Splices a connection into the socket's pipeline; it serves once it has a session.
     * {@code address}: what {@link #remoteAddress} says, or null for the socket's peer address (a
     * unix socket's peer has none worth saying: the listener names its socket instead).
     */
    static VertxConnection attach(NetSocket socket, String protocolName, String address) {
        VertxConnection c = new VertxConnection(socket, protocolName, address);
        ChannelHandlerContext vertx = VertxInternals.channelContext(socket);
        vertx.channel().config().setRecvByteBufAllocator(READS);
        vertx.pipeline().addBefore(vertx.name(), "mlos-" + protocolName, c);
        return c;
    }

    void serve(ProtocolSession s) {
        session = s;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            context.fireChannelRead(msg);
            return;
        }
        if (session == null) {
            // refused (over the connection limit) and closing: a TLS close waits for the
            // handshake, and the client's first request may arrive with its end
            buf.release();
            return;
        }
        reading = true;
        try {
            ByteBuffer scratch = SCRATCH.get();
            int index = buf.readerIndex();
            int end = buf.writerIndex();
            while (index < end) {
                int n = Math.min(SCRATCH_BYTES, end - index);
                buf.getBytes(index, scratch.array(), 0, n);
                scratch.clear().limit(n);
                session.received(scratch);
                index += n;
            }
        } catch (RuntimeException e) {
            // A protocol bug must cost one connection, never the event loop.
            LOG.log(System.Logger.Level.ERROR, protocolName + " session failed on " + remoteAddress() + "; closing it", e);
            context.close();
        } finally {
            buf.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        reading = false;
        if (unflushed) {
            unflushed = false;
            context.flush();
        }
        context.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            context.channel().config().setAutoRead(!awaiting);
            if (session != null) {
                session.writable();
                if (unflushed && !reading) {
                    unflushed = false;
                    context.flush();
                }
            }
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public boolean writable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // a reset by the peer is no news, nor a TLS handshake refused (counted by the listener); anything else is
        if (cause instanceof java.io.IOException || cause.getCause() instanceof javax.net.ssl.SSLException) {
            LOG.log(System.Logger.Level.DEBUG, () -> protocolName + " connection from " + remoteAddress() + " failed: "
                    + cause.getClass().getName() + ": " + VertxListener.bounded(cause.getMessage()));
        } else {
            LOG.log(System.Logger.Level.ERROR, protocolName + " connection from " + remoteAddress() + " failed; closing it", cause);
        }
        context.close();
    }

    @Override
    public void write(byte[] data) {
        ctx.write(Unpooled.wrappedBuffer(data), ctx.voidPromise());
        unflushed = true;
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        ByteBuf b = replyBuffer(length); // direct: what the socket writes from, no second copy
        b.writeBytes(data, offset, length);
        ctx.write(b, ctx.voidPromise());
        unflushed = true;
    }

    /**
     * A direct buffer for a reply of {@code length} bytes, handed to the channel (which releases
     * it once sent): the connection's spare when the socket has taken what it last held, else a
     * new one, kept as the spare when small.
     */
    private ByteBuf replyBuffer(int length) {
        if (length > SPARE_BYTES) {
            return ctx.alloc().directBuffer(length);
        }
        if (spare != null && spare.refCnt() == 1) {
            return spare.clear().retain();
        }
        if (spare != null) {
            spare.release(); // still queued: the channel releases it when sent
        }
        spare = ctx.alloc().directBuffer(SPARE_BYTES);
        return spare.retain();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseSpare();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        releaseSpare();
        context.fireChannelInactive();
    }

    private void releaseSpare() {
        if (spare != null) {
            spare.release();
            spare = null;
        }
    }

    @Override
    public void flush() {
        if (!reading && unflushed) {
            unflushed = false;
            ctx.flush();
        }
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void close() {
        unflushed = false;
        ctx.flush();
        socket.close();
    }

    @Override
    public void await(java.util.concurrent.CompletionStage<?> work, Runnable then) {
        awaiting = true;
        ctx.channel().config().setAutoRead(false);
        work.whenComplete((result, failure) -> ctx.executor().execute(() -> {
            awaiting = false;
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
            try {
                then.run(); // its flush sends at once: this is no read
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, protocolName + " session failed on " + remoteAddress() + "; closing it", e);
                ctx.close();
            }
        }));
    }

    @Override
    public String remoteAddress() {
        return address != null ? address : String.valueOf(socket.remoteAddress());
    }
}
