package org.mlos.cluster.remote.transport;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.core.remote.EntryCodec;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;

import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.remote.RemoteCallException.Failure;
import org.mlos.core.remote.RemoteInvoker;
import org.mlos.core.remote.RemoteMethod;
import org.mlos.core.remote.WireIn;
import org.mlos.core.remote.WireOut;

/**
 * A stub's binding to one instance on one peer: sends its calls, waits at most the call timeout
 * for each attempt, retries a method not marked {@code @Mutates} after a timeout or a lost
 * connection (a mutation may already have run, so it fails instead), retries any method whose
 * request never left (no connection could be made: it did not run), and counts and times calls.
 */
public final class RemoteBinding implements RemoteInvoker {

    private final RemoteClient client;
    private final Peer peer;
    private final String kind;
    private volatile int instance;
    private volatile boolean movesEntries;
    private static final String CLOSE = "(close)";
    private volatile Runnable onLost = () -> { };
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    RemoteBinding(RemoteClient client, Peer peer, String kind) {
        this.client = client;
        this.peer = peer;
        this.kind = kind;
    }

    void open(String kindName, String impl, long fingerprint) {
        RemoteMethod open = new RemoteMethod(kind, "(open " + impl + ")", -1, true);
        PeerConnection.Reply r = send(open, Frames.OPEN, 64, controlTimeout(), b -> {
            Frames.appendString(b, kindName);
            Frames.appendString(b, impl);
            b.appendLong(fingerprint);
            Frames.appendString(b, client.localNode());
        });
        WireIn in = result(open, r);
        instance = in.readInt();
        movesEntries = in.readByte() == 1;
    }

    @Override
    public List<String> stateFormats() {
        return movesEntries ? List.of(StateFormats.ENTRIES) : List.of();
    }

    @Override
    public StateExport exportState(String format, EntryCodec codec) {
        requireEntries(format);
        return new RemoteEntryExport(this, codec);
    }

    @Override
    public StateImport importState(String format, EntryCodec codec) {
        requireEntries(format);
        state("import open", Frames.IMPORT_OPEN, b -> Frames.appendString(b, format));
        return new RemoteEntryImport(this, codec);
    }

    private void requireEntries(String format) {
        if (!movesEntries || !StateFormats.ENTRIES.equals(format)) {
            throw new IllegalArgumentException("the " + kind + " instance on node " + peer.node() + " moves state in "
                    + stateFormats() + ", not " + format);
        }
    }

    /** One state operation on the instance: never retried (it changes the import), the longer timeout. */
    WireIn state(String what, byte type, java.util.function.Consumer<io.vertx.core.buffer.Buffer> body) {
        RemoteMethod m = new RemoteMethod(kind, "(state " + what + ")", -1, true);
        return result(m, send(m, type, 64, controlTimeout(), b -> {
            b.appendInt(instance);
            body.accept(b);
        }));
    }

    void close() {
        RemoteMethod close = new RemoteMethod(kind, CLOSE, -1, true);
        result(close, send(close, Frames.CLOSE, 4, controlTimeout(), b -> b.appendInt(instance)));
    }

    /**
     * Runs (on the calling thread: hand it off) when a call fails because the node is lost: it
     * cannot be reached, or its connection dropped, after every attempt the method allows.
     */
    public void onLost(Runnable action) {
        this.onLost = action == null ? () -> { } : action;
    }

    public Peer peer() {
        return peer;
    }

    public int instance() {
        return instance;
    }

    @Override
    public String node() {
        return peer.node();
    }

    @Override
    public WireIn invoke(RemoteMethod method, WireOut args) {
        long start = System.nanoTime();
        calls.increment();
        try {
            return result(method, send(method, Frames.CALL, args.size() + 8, client.settings().callTimeoutMs(), b -> b.appendInt(instance)
                    .appendInt(method.id()).appendBytes(args.array(), 0, args.size())));
        } catch (RemoteCallException e) {
            failures.increment();
            throw e;
        } finally {
            nanos.add(System.nanoTime() - start);
        }
    }

    /** Opening an instance may allocate a whole store on the host: it gets the longer of the two timeouts. */
    private long controlTimeout() {
        return Math.max(client.settings().callTimeoutMs(), client.settings().connectTimeoutMs());
    }

    private PeerConnection.Reply send(RemoteMethod method, byte type, int hint, long timeoutMs,
            java.util.function.Consumer<io.vertx.core.buffer.Buffer> body) {
        int attempts = 1 + client.settings().retries();
        for (int attempt = 1;; attempt++) {
            try {
                return client.connection(peer).request(type, hint, body, timeoutMs);
            } catch (PeerConnection.Lost e) {
                // A request that never left cannot have run, so a mutation is as safe to send again as a read.
                if ((e.unsent || !method.mutates()) && attempt < attempts) {
                    retried.increment();
                    continue;
                }
                String detail = e.getMessage() + (attempt > 1 ? " (" + attempt + " attempts)" : "");
                String advice = e.unsent ? "it did not run (the request never left this node), so it may be sent again"
                        : method.mutates() && method.id() >= 0 ? "not retried, it mutates and may have run" : null;
                if (e.timeout) {
                    throw new RemoteCallException(Failure.TIMEOUT, method, peer.node(), detail, advice, e);
                }
                onLost.run();
                // one that cannot run twice if sent again: the kind's handle runs it again on its failover
                throw e.unsent || !method.mutates() ? RemoteCallException.lostResendable(method, peer.node(), detail, advice, e)
                        : new RemoteCallException(Failure.NODE_LOST, method, peer.node(), detail, advice, e);
            }
        }
    }

    private WireIn result(RemoteMethod method, PeerConnection.Reply r) {
        WireIn in = new WireIn(r.body());
        switch (r.type()) {
            case Frames.OK:
                return in;
            case Frames.THROWN:
                throw RemoteCallException.thrown(method, peer.node(), in.readString(), in.readString());
            default:
                String why = in.readString();
                if (why != null && why.startsWith(Frames.NO_INSTANCE) && method.id() < 0 && method.name().equals(CLOSE)) {
                    return in; // closed already: what a close asks for
                }
                if (why != null && why.startsWith(Frames.NO_INSTANCE)) {
                    // The host no longer has what this binding opened, so nothing ran: the binding is
                    // lost as if its node were, and the kind's handle runs the call on its failover.
                    // Refused as a protocol error, a front whose host had ended its instance answered
                    // every later request 502 until it was restarted.
                    onLost.run();
                    throw RemoteCallException.lostResendable(method, peer.node(), why, "it did not run, so it may be sent again",
                            null);
                }
                throw new RemoteCallException(Failure.PROTOCOL, method, peer.node(), "refused: " + why, null);
        }
    }

    /** Calls sent through this binding. */
    public long calls() {
        return calls.sum();
    }

    /** Calls that ended in a RemoteCallException (remote exceptions included). */
    public long failures() {
        return failures.sum();
    }

    /** Attempts repeated after a timeout or a lost connection. */
    public long retries() {
        return retried.sum();
    }

    /** Total time spent in calls, in nanoseconds. */
    public long totalNanos() {
        return nanos.sum();
    }
}
