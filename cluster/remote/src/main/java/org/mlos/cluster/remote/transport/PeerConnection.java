package org.mlos.cluster.remote.transport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * A caller's one connection to one peer: every call to that peer is pipelined on it, matched to
 * its reply by call id. A caller thread waits for its own reply before it sends its next call,
 * so each thread's calls run on the host in the order it made them. When the connection closes,
 * every call waiting on it fails at once as a lost node.
 */
final class PeerConnection {

    /** A reply frame: its type and body. */
    record Reply(byte type, byte[] body) {
    }

    /** Why waiting for a reply failed. */
    static final class Lost extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean timeout;
        /**
         * The request never left this node (no connection could be made, or it was closed before
         * the request was written): the host cannot have run it, so even a mutation may be sent again.
         */
        final boolean unsent;

        Lost(String message, boolean timeout) {
            this(message, timeout, false);
        }

        Lost(String message, boolean timeout, boolean unsent) {
            super(message, null, false, false);
            this.timeout = timeout;
            this.unsent = unsent;
        }

        /** The same failure, known to have happened before the request was written. */
        Lost unsent() {
            return unsent ? this : new Lost(getMessage(), timeout, true);
        }
    }

    private final Peer peer;
    private final RemoteSettings settings;
    private final Map<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final byte[] callerNonce = Handshake.nonce();
    private volatile NetSocket socket;
    private volatile String closedBecause;
    private RecordParser parser;
    private int stage; // 0: await challenge, 1: await proof, 2: frame length, 3: frame body
    private byte[] hostNonce;
    private int frameLength;
    /** This caller's frames to the host, and the host's to it; set by the handshake. */
    private volatile FrameSeal toHost;
    private FrameSeal fromHost;

    PeerConnection(Peer peer, RemoteSettings settings) {
        this.peer = peer;
        this.settings = settings;
    }

    /** Runs the caller's side of the handshake on a fresh socket. */
    void attach(NetSocket s, Handshake handshake) {
        this.socket = s;
        tcp.complete(true);
        if (closedBecause != null) {
            s.close(); // given up before the connect came (a probe on a starved machine): not left open
            return;
        }
        parser = RecordParser.newFixed(Handshake.CHALLENGE_BYTES, record -> record(record, handshake));
        s.handler(parser);
        s.closeHandler(v -> closed("the connection closed"));
        s.exceptionHandler(e -> closed("connection error: " + e.getMessage()));
        s.write(Buffer.buffer(Handshake.hello())); // listening first: the host says nothing before this
    }

    private void record(Buffer record, Handshake handshake) {
        switch (stage) {
            case 0 -> {
                byte[] challenge = record.getBytes();
                byte[] answer = handshake.answer(challenge, callerNonce);
                if (answer == null) {
                    fail("it does not speak this remote-call protocol (version 2: a node of an older release?)");
                    return;
                }
                hostNonce = java.util.Arrays.copyOfRange(challenge, 4, Handshake.CHALLENGE_BYTES);
                socket.write(Buffer.buffer(answer));
                stage = 1;
                parser.fixedSizeMode(Handshake.PROOF_BYTES);
            }
            case 1 -> {
                if (!handshake.verifyProof(record.getBytes(), callerNonce, hostNonce)) {
                    fail("it does not prove the cluster secret");
                    return;
                }
                byte[][] keys = handshake.sessionKeys(callerNonce, hostNonce);
                toHost = new FrameSeal(keys[0]);
                fromHost = new FrameSeal(keys[1]);
                stage = 2;
                parser.fixedSizeMode(4);
                ready.complete(null);
            }
            case 2 -> {
                int n = record.getInt(0);
                if (n < Frames.MIN_LENGTH || n > settings.maxFrameBytes() + FrameSeal.TAG) {
                    fail("it sent a frame of " + n + " bytes (limit " + settings.maxFrameBytes() + ")");
                    return;
                }
                stage = 3;
                frameLength = n;
                parser.fixedSizeMode(n);
            }
            default -> {
                Buffer frame = fromHost.open(frameLength, record);
                if (frame == null) {
                    fail("a frame fails its MAC (not sent by the host, or altered on the way)");
                    return;
                }
                record = frame;
                stage = 2;
                parser.fixedSizeMode(4);
                CompletableFuture<Reply> f = pending.remove(record.getLong(1));
                if (f != null) {
                    f.complete(new Reply(record.getByte(0), record.getBytes(9, record.length())));
                }
            }
        }
    }

    void connectFailed(String why) {
        tcp.complete(false);
        closed(why);
    }

    private void fail(String why) {
        closed("refused host " + peer + ": " + why);
        socket.close();
    }

    private void closed(String why) {
        if (closedBecause == null) {
            closedBecause = why;
        }
        ready.completeExceptionally(new IllegalStateException(why));
        for (Long id : pending.keySet()) {
            CompletableFuture<Reply> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new IllegalStateException(closedBecause));
            }
        }
    }

    /** Waits for the handshake; throws why it failed. */
    void awaitReady() throws Lost {
        await(ready, settings.connectTimeoutMs(), "handshake");
    }

    /** Completed true when the TCP connection is made (the host's port accepted it), false when it could not be. */
    private final CompletableFuture<Boolean> tcp = new CompletableFuture<>();

    /**
     * Whether the host's port accepted the connection, whatever came after; waits up to {@code
     * waitMs} for the connect's own outcome (on a starved machine it can come after the handshake's
     * wait ended).
     */
    boolean accepted(long waitMs) {
        try {
            return tcp.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return closedBecause == null && ready.isDone() && !ready.isCompletedExceptionally();
    }

    String closedBecause() {
        return closedBecause;
    }

    /** Sends one request frame (type, then body) and waits for its reply. */
    Reply request(byte type, int bodyHint, Consumer<Buffer> body, long timeoutMs) throws Lost {
        long id = ids.incrementAndGet();
        CompletableFuture<Reply> f = new CompletableFuture<>();
        pending.put(id, f);
        if (closedBecause != null) {
            pending.remove(id);
            throw new Lost(closedBecause, false, true); // closed before this request was written
        }
        Buffer frame = Frames.start(type, id, bodyHint);
        body.accept(frame);
        toHost.send(socket, frame);
        try {
            return await(f, timeoutMs, "answer");
        } finally {
            pending.remove(id);
        }
    }

    private static <T> T await(CompletableFuture<T> f, long timeoutMs, String what) throws Lost {
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Lost("no " + what + " within " + timeoutMs + " ms", true);
        } catch (ExecutionException e) {
            throw new Lost(e.getCause().getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Lost("interrupted while waiting for the " + what, false);
        }
    }

    void close() {
        closed("closed by this node"); // first: an attach that comes meanwhile sees it and closes its socket
        NetSocket s = socket;
        if (s != null) {
            s.close();
        }
    }
}
