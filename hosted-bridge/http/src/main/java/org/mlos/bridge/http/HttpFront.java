package org.mlos.bridge.http;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mlos.core.settings.BearerToken;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP server: checks the bearer token before it reads a body, reads a body up to its limit
 * (past it: 413 and the connection closed), then answers on a worker thread, since a route calls
 * the kinds, which may wait on the full node or on a command; commands and files on workers of
 * their own.
 */
final class HttpFront implements AutoCloseable {

    private final Vertx vertx;
    private final WorkerExecutor fileWorkers;
    private final WorkerExecutor commandWorkers;
    private final BearerToken token;
    private final long bodyMax;
    private final FileRoutes files;
    private final CommandRoutes commands;
    private HttpServer server;

    HttpFront(Vertx vertx, BearerToken token, long bodyMax, FileRoutes files, CommandRoutes commands) {
        this.vertx = vertx;
        this.fileWorkers = vertx.createSharedWorkerExecutor("mlos-bridge-files", 8);
        this.commandWorkers = vertx.createSharedWorkerExecutor("mlos-bridge-commands", 8);
        this.token = token;
        this.bodyMax = bodyMax;
        this.files = files;
        this.commands = commands;
    }

    /** Listens; returns the bound port. */
    int start(String host, int port) throws Exception {
        // HTTP/1.1 only: no clear-text HTTP/2 upgrade, so a refused body closes its own connection, not others' streams
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false)
                // a connection that says nothing for 2 minutes goes (a call waits 45 s at most, a command 20 s)
                .setIdleTimeout(120))
                .requestHandler(this::handle);
        return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    private void handle(HttpServerRequest req) {
        if (!token.admits(req.getHeader("Authorization"))) {
            req.response().putHeader("WWW-Authenticate", "Bearer realm=\"mlos-bridge\"");
            // a body a stranger sends is not read: the connection closes after the answer
            String length = req.getHeader("Content-Length");
            boolean hasBody = (length != null && !length.trim().equals("0")) || req.getHeader("Transfer-Encoding") != null;
            send(req, Reply.text(401, "unauthorized: send Authorization: Bearer <the token in the node's bridge.token>"), hasBody);
            return;
        }
        String length = req.getHeader("Content-Length");
        if (length != null && tooLong(length)) {
            // answered at once, then the connection closed: the body is not read, and nothing after it could be
            send(req, Reply.text(413, "the body is over this node's limit of " + bodyMax + " bytes"), true);
            return;
        }
        // only now, past the token and the length: a client that waits for it (curl -T sends a body
        // over 1 MiB after 1 s without it) sends nothing a stranger could make the node read
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
            req.response().writeContinue();
        }
        BodyReader body = new BodyReader(req, bodyMax);
        body.whenRead(bytes -> answer(req, bytes));
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > bodyMax;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private void answer(HttpServerRequest req, byte[] body) {
        String path;
        try {
            path = URI.create("http://host" + req.path()).getPath();
        } catch (IllegalArgumentException e) {
            send(req, Reply.text(400, "the path is not a valid URI path: " + e.getMessage()));
            return;
        }
        List<String> args = req.params().getAll("arg");
        Request r = new Request(req.method().name(), path, args, req.getHeader("Range"), body);
        // commands wait on their own workers: eight running ones would otherwise hold every file request behind them
        (path.startsWith("/commands/") ? commandWorkers : fileWorkers).<Reply>executeBlocking(() -> route(r), false)
                .onComplete(done -> send(req, done.succeeded() ? done.result() : Failures.reply(done.cause())));
    }

    private Reply route(Request r) {
        try {
            if (r.path().equals("/files") || r.path().startsWith("/files/")) {
                return files.answer(r.below("/files"));
            }
            if (r.path().equals("/commands") || r.path().startsWith("/commands/")) {
                return commands.answer(r.below("/commands"));
            }
            return Reply.text(404, "not found: files are under /files/, commands under /commands");
        } catch (RuntimeException e) {
            return Failures.reply(e);
        }
    }

    private static void send(HttpServerRequest req, Reply reply) {
        send(req, reply, false);
    }

    static void send(HttpServerRequest req, Reply reply, boolean thenClose) {
        if (req.response().ended() || req.response().closed()) {
            return;
        }
        var response = req.response().setStatusCode(reply.status()).putHeader("Cache-Control", "no-store");
        if (reply.contentType() != null) {
            response.putHeader("Content-Type", reply.contentType());
        }
        reply.headers().forEach(response::putHeader);
        if (thenClose) {
            response.putHeader("Connection", "close"); // so that a client does not send its next request on it
        }
        response.end(Buffer.buffer(reply.body())).onComplete(done -> {
            if (thenClose) {
                req.connection().close();
            }
        });
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        fileWorkers.close();
        commandWorkers.close();
    }
}
