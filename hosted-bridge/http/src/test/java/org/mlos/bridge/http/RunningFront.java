package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.mlos.bridge.api.HostFiles;
import org.mlos.bridge.commands.AllowedCommands;
import org.mlos.core.settings.BearerToken;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/** A front on 127.0.0.1 with its own Vert.x, as BridgeHttp makes it, and no commands allowed; for one test. */
final class RunningFront implements AutoCloseable {

    static final String TOKEN = "0123456789abcdef0123456789abcdef";

    final Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(8));
    final AllowedCommands commands;
    final HttpFront front;
    final int port;

    RunningFront(Path dir, BodyLimits limits, HostFiles files) throws Exception {
        this(dir, limits, HeadDeadline.MILLIS, files);
    }

    RunningFront(Path dir, BodyLimits limits, long headMillis, HostFiles files) throws Exception {
        this(dir, limits, headMillis, ConnectionCap.DEFAULT, files);
    }

    RunningFront(Path dir, BodyLimits limits, long headMillis, int maxConnections, HostFiles files) throws Exception {
        commands = new AllowedCommands("", dir, 20_000, 1 << 20, 1);
        front = new HttpFront(vertx, BearerToken.of(TOKEN, "the bridge token"), limits, headMillis, maxConnections,
                new FileRoutes(files, (int) limits.max()), new CommandRoutes(commands));
        port = front.start("127.0.0.1", 0);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits (30 s at most) until no body holds room in the budget. */
    void waitForNothingHeld() throws InterruptedException {
        for (int i = 0; i < 600 && front.bodiesHeld() != 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(0, front.bodiesHeld(), "a body's room was not given back");
    }

    @Override
    public void close() throws Exception {
        front.close();
        commands.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
