package org.mlos.cluster.remote.transport;

import java.nio.charset.StandardCharsets;

import org.mlos.core.remote.WireIn;
import org.mlos.core.remote.WireOut;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/** One caller's connection to a {@link RemoteServer}: the handshake, then frames, each answered in order. */
final class HostConnection {

    private final RemoteServer server;
    private final NetSocket socket;
    private final Handshake handshake;
    private final RemoteSettings settings;
    private final byte[] hostNonce = Handshake.nonce();
    private final RecordParser parser;
    private boolean hello;
    private boolean authenticated;
    private boolean handshakeCounted;
    /** Refused already (a bad hello, answer or frame): an error after it is not a refusal of its own. */
    private boolean refused;
    private int frameLength = -1;
    private volatile boolean closed;
    /** The caller's frames to this host, and this host's to it; set by the handshake. */
    private FrameSeal fromCaller;
    private volatile FrameSeal toCaller;

    HostConnection(RemoteServer server, NetSocket socket, Handshake handshake, RemoteSettings settings) {
        this.server = server;
        this.socket = socket;
        this.handshake = handshake;
        this.settings = settings;
        this.parser = RecordParser.newFixed(Handshake.HELLO_BYTES, this::record);
    }

    void start(Vertx vertx) {
        socket.closeHandler(v -> {
            closed = true;
            handshakeOver();
        });
        socket.exceptionHandler(this::connectionFailed);
        socket.handler(parser);
        vertx.setTimer(settings.handshakeTimeoutMs(), t -> {
            if (!authenticated) {
                refuse("no handshake answer within " + settings.handshakeTimeoutMs() + " ms");
                socket.close();
            }
        });
    }

    /**
     * The connection failed (reset, most often). Before the handshake is over it is one more
     * refusal, in the server's throttled count: without a handler Vert.x logged an ERROR line for
     * each, and a stranger's hello-then-reset, repeated, flooded the log. After it, a caller with
     * the secret whose node went: one line at INFO.
     */
    private void connectionFailed(Throwable e) {
        if (!authenticated) {
            refuse("its connection failed in the handshake (" + e.getMessage() + ")");
        } else {
            RemoteServer.LOG.log(System.Logger.Level.INFO, "remote-call connection from {0} failed: {1}", peer(),
                    String.valueOf(e.getMessage()));
        }
        socket.close();
    }

    private void refuse(String why) {
        if (!refused) {
            refused = true;
            server.refused(peer(), why);
        }
    }

    /** Whether the connection is still open: a caller that died closed it with its process. */
    boolean open() {
        return !closed;
    }

    /** Once: the server counts the connections in their handshake. Runs on the connection's event loop. */
    private void handshakeOver() {
        if (!handshakeCounted) {
            handshakeCounted = true;
            server.handshakeOver();
        }
    }

    private String peer() {
        return String.valueOf(socket.remoteAddress());
    }

    private void record(Buffer record) {
        if (!hello) {
            if (!Handshake.isHello(record.getBytes())) {
                refuse("it does not open with the hello of this remote-call protocol (version 2: a node of an older release?)");
                parser.handler(b -> { });
                socket.close();
                return;
            }
            hello = true;
            socket.write(Buffer.buffer(Handshake.challenge(hostNonce)));
            parser.fixedSizeMode(Handshake.ANSWER_BYTES);
            return;
        }
        if (!authenticated) {
            byte[] callerNonce = handshake.verifyAnswer(record.getBytes(), hostNonce);
            if (callerNonce == null) {
                refuse("its handshake does not prove the cluster secret");
                parser.handler(b -> { });
                socket.close();
                return;
            }
            authenticated = true;
            handshakeOver();
            byte[][] keys = handshake.sessionKeys(callerNonce, hostNonce);
            fromCaller = new FrameSeal(keys[0]);
            toCaller = new FrameSeal(keys[1]);
            socket.write(Buffer.buffer(handshake.proof(callerNonce, hostNonce)));
            parser.fixedSizeMode(4);
            return;
        }
        if (frameLength < 0) {
            int n = record.getInt(0);
            if (n < Frames.MIN_LENGTH || n > settings.maxFrameBytes() + FrameSeal.TAG) {
                refuse("frame of " + n + " bytes (limit " + settings.maxFrameBytes() + ")");
                parser.handler(b -> { });
                socket.close();
                return;
            }
            frameLength = n;
            parser.fixedSizeMode(n);
            return;
        }
        Buffer frame = fromCaller.open(frameLength, record);
        if (frame == null) {
            refuse("a frame fails its MAC (not sent by the caller that opened the connection,"
                    + " or altered on the way)");
            parser.handler(b -> { });
            socket.close();
            return;
        }
        frameLength = -1;
        parser.fixedSizeMode(4);
        frame(frame);
    }

    private void frame(Buffer f) {
        byte type = f.getByte(0);
        long id = f.getLong(1);
        byte[] body = f.getBytes(9, f.length());
        server.run(type == Frames.CALL, () -> run(type, id, new WireIn(body)));
    }

    /** One frame, on the event loop or off it as the host's dispatch says. */
    private void run(byte type, long id, WireIn in) {
        try {
            switch (type) {
                case Frames.CALL -> call(id, in);
                case Frames.OPEN -> {
                    RemoteServer.Hosted h = server.open(in.readString(), in.readString(), in.readLong(), in.readString());
                    server.used(h.id(), this);
                    send(Frames.start(Frames.OK, id, 5).appendInt(h.id())
                            .appendByte((byte) (HostedStates.movesEntries(h.dispatcher()) ? 1 : 0)));
                }
                case Frames.IMPORT_OPEN, Frames.IMPORT_OPS, Frames.IMPORT_END, Frames.EXPORT_OPEN, Frames.EXPORT_CHUNK,
                        Frames.EXPORT_ENTRY, Frames.EXPORT_BESIDE, Frames.EXPORT_END -> state(type, id, in);
                case Frames.CLOSE -> {
                    server.close(in.readInt());
                    send(Frames.start(Frames.OK, id, 0));
                }
                default -> failed(id, "unknown frame type " + type);
            }
        } catch (Exception e) {
            failed(id, String.valueOf(e.getMessage()));
        }
    }

    private void state(byte type, long id, WireIn in) throws Exception {
        int instance = in.readInt();
        RemoteServer.Hosted h = server.instance(instance);
        if (h == null) {
            failed(id, Frames.NO_INSTANCE + instance + " here (the host restarted, or the instance was closed)");
            return;
        }
        server.used(instance, this);
        HostedStates states = server.states();
        WireOut out = new WireOut(16);
        switch (type) {
            case Frames.IMPORT_OPEN -> states.openImport(instance, h.dispatcher(), in.readString());
            case Frames.IMPORT_OPS -> states.importOps(instance, h.dispatcher(), in);
            case Frames.IMPORT_END -> states.endImport(instance, in.readByte());
            // the reply carries the export's count: the caller's progress shows n/total from the start
            case Frames.EXPORT_OPEN -> out.writeLong(states.openExport(instance, h.dispatcher(), in.readString()));
            case Frames.EXPORT_CHUNK -> {
                ExportStream.Chunk chunk = states.chunk(instance, in.readInt());
                out = new WireOut(chunk.bytes().length + 16);
                out.writeByte((byte) (chunk.last() ? 1 : 0)).writeLong(chunk.entries());
                out.writeRaw(chunk.bytes(), 0, chunk.bytes().length);
            }
            case Frames.EXPORT_ENTRY -> states.entry(instance, h.dispatcher(), in, out);
            case Frames.EXPORT_BESIDE -> states.beside(instance, h.dispatcher(), out);
            default -> states.endExport(instance, in.readByte());
        }
        send(Frames.start(Frames.OK, id, out.size()).appendBytes(out.array(), 0, out.size()));
    }

    private void call(long id, WireIn in) {
        int instance = in.readInt();
        int method = in.readInt();
        RemoteServer.Hosted h = server.instance(instance);
        if (h == null) {
            failed(id, Frames.NO_INSTANCE + instance + " here (the host restarted, or the instance was closed)");
            return;
        }
        server.used(instance, this);
        server.counted();
        WireOut out = new WireOut(64);
        try {
            h.dispatcher().dispatch(method, in, out);
        } catch (Throwable t) {
            Buffer b = Frames.start(Frames.THROWN, id, 64);
            Frames.appendString(b, t.getClass().getName());
            Frames.appendString(b, t.getMessage());
            send(b);
            if (t instanceof VirtualMachineError) {
                RemoteServer.LOG.log(System.Logger.Level.ERROR, "remote call on instance " + instance + " failed", t);
            }
            return;
        }
        send(Frames.start(Frames.OK, id, out.size()).appendBytes(out.array(), 0, out.size()));
    }

    private void failed(long id, String why) {
        Buffer b = Frames.start(Frames.FAILED, id, why.length() + 4);
        Frames.appendString(b, why);
        send(b);
    }

    private void send(Buffer frame) {
        toCaller.send(socket, frame);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
