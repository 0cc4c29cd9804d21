package org.mlos.net.vertx;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * The two things this bundle needs from Vert.x that its public API does not offer, in one place.
 * Vert.x may change its internal packages in any release, so bnd.bnd pins their import to the
 * one Vert.x version built and tested against, and the wrapped Vert.x bundle exports them only to
 * a bundle that asks for them ({@code vertx.internal=true}). An upgrade of Vert.x starts here.
 */
final class VertxInternals {

    private VertxInternals() {
    }

    /**
     * A new context on an event loop of its own. From a plain thread, Vert.x's public
     * {@code getOrCreateContext()} hands out one context for them all, which would put every
     * server, and so every connection, on one event loop.
     */
    static Context newEventLoopContext(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /** Vert.x's own handler of the socket's Netty pipeline, to splice a handler in front of it. */
    static ChannelHandlerContext channelContext(NetSocket socket) {
        return ((NetSocketInternal) socket).channelHandlerContext();
    }
}
