package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;
import org.mlos.net.api.Listener;
import org.mlos.net.api.TlsSettings;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * A TLS 1.3 handshake ends with the client's Finished. BoringSSL sends nothing after it (it
 * holds its session tickets until the first reply, where memcached's OpenSSL sends two at once),
 * so the server's kernel delayed its
 * acknowledgement by its 40 ms minimum, and a client with Nagle's algorithm on (sockets
 * in Python, pymemcache's by default) held its first request until it came: every first request
 * took over 40 ms to be answered, memcached's 0.2. The bound below is half that minimum, which a
 * held request can never meet; the median of 20 connections, so a busy machine's odd late reply
 * does not decide it.
 */
@Timeout(60)
class AFirstRequestAfterTheHandshakeIsNotHeldTest {

    /** Linux's least delayed acknowledgement is 40 ms: a held request takes at least that. */
    private static final long HELD_MS = 40;

    private final VertxNetworkServer server = new VertxNetworkServer(2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void theFirstRequestOfATls13ConnectionIsAnsweredWithoutWaitingForADelayedAck() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "the client is BoringSSL's, as OpenSSL-based clients behave");
        TestCertificates certs = TestCertificates.make(dir);
        Listener listener = server.listen("127.0.0.1", 0, TlsSettings.of(certs.serverCert, certs.serverKey),
                new VertxNetworkServerTest.Echo());
        // OpenSSL's way, as Python's and openssl's clients: the JDK's client waits ~40 ms for
        // memcached's first reply too, whatever the server does
        SslContext tls = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols("TLSv1.3")
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            long[] micros = new long[20];
            for (int i = 0; i < micros.length; i++) {
                micros[i] = firstRequestMicros(loop, tls, listener.port(), "mn " + i + "\r\n");
            }
            long[] sorted = micros.clone();
            Arrays.sort(sorted);
            long median = sorted[sorted.length / 2];
            assertTrue(median < HELD_MS * 1_000 / 2, "first requests waited for the server's delayed ACK: median "
                    + median + " us, each " + Arrays.toString(micros));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** A new connection, its handshake, then one request with Nagle's algorithm on: micros to its echo. */
    private static long firstRequestMicros(EventLoopGroup loop, SslContext tls, int port, String request) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        StringBuilder got = new StringBuilder();
        Channel channel = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, false) // Nagle on, as Python's sockets and pymemcache's
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), "localhost", port),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ByteBuf b = (ByteBuf) msg;
                                        got.append(b.toString(StandardCharsets.US_ASCII));
                                        b.release();
                                        if (got.length() >= request.length()) {
                                            reply.complete(got.toString());
                                        }
                                    }
                                });
                    }
                }).connect("127.0.0.1", port).sync().channel();
        try {
            channel.pipeline().get(SslHandler.class).handshakeFuture().sync();
            long start = System.nanoTime();
            channel.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII)).sync();
            assertEquals(request, reply.get(10, TimeUnit.SECONDS));
            return (System.nanoTime() - start) / 1_000;
        } finally {
            channel.close().sync();
        }
    }
}
