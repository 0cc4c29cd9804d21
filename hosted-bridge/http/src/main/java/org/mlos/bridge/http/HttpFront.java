package org.mlos.bridge.http;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mlos.core.settings.BearerToken;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP server: checks the bearer token before it reads a body, reads a body within its
 * {@link BodyLimits} (past its length: 413, past the budget of all bodies: 503, behind its pace:
 * 408; each with the connection closed), then answers on a worker thread, since a route calls
 * the kinds, which may wait on the full node or on a command; commands and files on workers of
 * their own.
 */
final class HttpFront implements AutoCloseable {

    private final Vertx vertx;
    private final WorkerExecutor fileWorkers;
    private final WorkerExecutor commandWorkers;
    private final BearerToken token;
    private final BodyLimits limits;
    private final BodyBudget bodies;
    private final ReplyWriter replies;
    private final HeadDeadline heads;
    private final ConnectionCap cap;
    private final FileRoutes files;
    private final CommandRoutes commands;
    private HttpServer server;

    HttpFront(Vertx vertx, BearerToken token, BodyLimits limits, FileRoutes files, CommandRoutes commands) {
        this(vertx, token, limits, HeadDeadline.MILLIS, ConnectionCap.DEFAULT, files, commands);
    }

    /**
     * {@code headMillis}: how long a connection may take to bring a whole request head
     * ({@link HeadDeadline}); {@code maxConnections}: how many may be open at once ({@link ConnectionCap}).
     */
    HttpFront(Vertx vertx, BearerToken token, BodyLimits limits, long headMillis, int maxConnections, FileRoutes files,
            CommandRoutes commands) {
        this.vertx = vertx;
        this.fileWorkers = vertx.createSharedWorkerExecutor("mlos-bridge-files", 8);
        this.commandWorkers = vertx.createSharedWorkerExecutor("mlos-bridge-commands", 8);
        this.token = token;
        this.limits = limits;
        this.bodies = new BodyBudget(limits.budget());
        this.replies = new ReplyWriter(vertx);
        this.heads = new HeadDeadline(vertx, headMillis);
        this.cap = new ConnectionCap(vertx, maxConnections, heads::watched);
        this.files = files;
        this.commands = commands;
    }

    /** Listens; returns the bound port. */
    int start(String host, int port) throws Exception {
        // HTTP/1.1 only: no clear-text HTTP/2 upgrade, so a refused body closes its own connection, not others' streams
        server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false)
                // a connection that says nothing for 2 minutes goes (a call waits 45 s at most, a command 20 s)
                .setIdleTimeout(120))
                .connectionHandler(c -> {
                    if (cap.admits(c)) {
                        heads.opened(c);
                    }
                })
                .invalidRequestHandler(this::unreadable)
                .requestHandler(this::handle);
        try {
            return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
        } catch (java.util.concurrent.ExecutionException e) {
            throw listenFailure(host, port, e.getCause());
        }
    }

    /**
     * Why the front cannot listen, naming the address and what to do, as the memcached server says
     * it: the node ended on "ExecutionException: java.net.BindException: Address already in use",
     * which named neither the port nor the setting.
     */
    static java.io.IOException listenFailure(String host, int port, Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        String where = "cannot listen on " + host + ":" + port + " for the bridge's HTTP front: " + m;
        if (m.contains("in use")) {
            where += " (another node or server has it); choose another port (--set " + org.mlos.bridge.api.BridgeProperties.HTTP_PORT
                    + "=<port>), or 0 for any free one";
        } else if (m.contains("assign requested address")) {
            where += " (" + host + " is no address of this machine); listen on one it has (--set "
                    + org.mlos.bridge.api.BridgeProperties.HTTP_HOST + "=<address>): 127.0.0.1, the default, or 0.0.0.0 for all of them";
        }
        return new java.io.IOException(where, cause);
    }

    /**
     * A request the HTTP decoder could not read (garbage, HTTP/0.9, a negative Content-Length): its
     * reason as text, as every failure answers, then the connection closes. Vert.x's own handler
     * answered 400 with an empty body.
     */
    private void unreadable(HttpServerRequest req) {
        Throwable cause = req.decoderResult().cause();
        int status = cause instanceof io.netty.handler.codec.http.TooLongHttpLineException ? 414
                : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
        String why = cause == null ? "not HTTP/1.1" : cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage();
        replies.unreadable(req, Reply.text(status, "bad request: it could not be read as HTTP/1.1 (" + why
                + "); the connection closes"));
    }

    private void handle(HttpServerRequest req) {
        heads.arrived(req);
        if (replies.behindAClose(req)) {
            req.connection().close(); // pipelined behind an answer that closes: not served, the client sends it again
            return;
        }
        if (!token.admits(req.getHeader("Authorization"))) {
            req.response().putHeader("WWW-Authenticate", "Bearer realm=\"mlos-bridge\"");
            // a body a stranger sends is not kept: the connection closes after the answer
            replies.refuse(req, Reply.text(401, "unauthorized: send Authorization: Bearer <the token in the node's bridge.token>"));
            return;
        }
        String length = req.getHeader("Content-Length");
        long declared = length == null ? 0 : declared(length);
        if (declared > limits.max()) {
            // answered at once, then the connection closed: the body is not kept, and nothing after it could be read
            replies.refuse(req, limits.tooLarge());
            return;
        }
        BodyReader body = new BodyReader(vertx, req, limits, bodies);
        if (!body.reserve(declared)) {
            replies.refuse(req, bodies.busy());
            return;
        }
        // only now, past the token, the length and the budget: a client that waits for it (curl -T
        // sends a body over 1 MiB after 1 s without it) sends nothing a stranger could make the node read
        if ("100-continue".equalsIgnoreCase(req.getHeader("Expect"))) {
            req.response().writeContinue();
        }
        body.whenRead(bytes -> answer(req, bytes, body), refused -> replies.refuse(req, refused));
    }

    /** A Content-Length; one that is no number counts as too long (Netty's decoder refuses most such first). */
    private long declared(String length) {
        try {
            return Math.max(0, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private void answer(HttpServerRequest req, byte[] body, BodyReader reader) {
        String path;
        List<String> args;
        try {
            path = URI.create("http://host" + req.path()).getPath();
            args = req.params().getAll("arg"); // Netty's decoder throws on a bad % escape
        } catch (IllegalArgumentException e) {
            reader.release();
            // the JDK's words named the URI it was given, http://host/files/%zz, which no client sent
            replies.send(req, Reply.text(400, "the path or query is not valid URI syntax: " + req.uri() + " (a '%' must"
                    + " begin an escape of two hex digits: write a '%' itself as %25, and each byte of a name outside"
                    + " ASCII as %XX)"));
            return;
        }
        Request r = new Request(req.method().name(), path, args, req.getHeader("Range"), body);
        // commands wait on their own workers: eight running ones would otherwise hold every file request behind them
        (path.startsWith("/commands/") ? commandWorkers : fileWorkers).<Reply>executeBlocking(() -> route(r), false)
                .onComplete(done -> {
                    reader.release();
                    replies.send(req, done.succeeded() ? done.result() : Failures.reply(done.cause()));
                });
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

    /** The connections open now. */
    int connections() {
        return heads.watched();
    }

    /** The connections refused by the cap since the front started. */
    long connectionsRefused() {
        return cap.refused();
    }

    /** The bytes the bodies being received hold now. */
    long bodiesHeld() {
        return bodies.held();
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
