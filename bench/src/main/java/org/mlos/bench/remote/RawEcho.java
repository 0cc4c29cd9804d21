package org.mlos.bench.remote;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * The baseline: a bare Vert.x echo of a fixed-size message, driven the way the remote-call
 * transport drives its calls (a plain caller thread writes, the event loop completes a future the
 * caller waits on), so the difference to a remote call is what the stub, codecs, dispatcher and
 * framing cost. Each side writes a buffer of its own, as the transport does. (Two runs on a machine
 * at load 20 waited 10 s for an echo in the warm-up while this harness rewrote one buffer and echoed
 * the received one; why is not established, the fresh buffers are the transport's way anyway.)
 */
final class RawEcho implements AutoCloseable {

    private final NetServer server;
    private final NetSocket client;
    private final Buffer message;
    private volatile CompletableFuture<Buffer> waiting;

    RawEcho(Vertx host, Vertx caller, byte[] bytes) throws Exception {
        server = host.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true))
                .connectHandler(s -> s.handler(b -> s.write(b.copy())));
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        client = caller.createNetClient(new io.vertx.core.net.NetClientOptions().setTcpNoDelay(true))
                .connect(server.actualPort(), "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        message = Buffer.buffer(bytes);
        client.handler(RecordParser.newFixed(bytes.length, b -> waiting.complete(b)));
    }

    /** One round trip, in nanoseconds. */
    long roundTrip() throws Exception {
        CompletableFuture<Buffer> f = new CompletableFuture<>();
        waiting = f;
        long t0 = System.nanoTime();
        client.write(message.copy()); // a fresh buffer per message, as a remote call's frame is
        f.get(10, TimeUnit.SECONDS);
        return System.nanoTime() - t0;
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
