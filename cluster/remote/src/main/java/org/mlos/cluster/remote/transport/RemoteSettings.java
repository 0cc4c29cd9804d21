package org.mlos.cluster.remote.transport;

/**
 * Settings of the remote-call transport.
 *
 * @param callTimeoutMs      how long a caller waits for one attempt's answer
 * @param connectTimeoutMs   how long connecting and the handshake may take
 * @param retries            further attempts for a method not marked {@code @Mutates} after a
 *                           timeout or a lost connection (mutations are not retried: the first
 *                           attempt may have run), and for any method whose request never left
 *                           (no connection could be made: it did not run)
 * @param maxFrameBytes      the largest frame either side accepts; a larger one closes the connection
 * @param handshakeTimeoutMs how long a host waits for a caller's answer before closing
 * @param hostDispatch       where a host runs the kind's calls it receives: {@link HostDispatch#LOOP}
 *                           (on the connection's event loop, in arrival order; the default) or
 *                           {@link HostDispatch#THREADS} (each off the loop, so a slow call holds up
 *                           no other caller); state moves always run off the loop
 */
public record RemoteSettings(long callTimeoutMs, long connectTimeoutMs, int retries, int maxFrameBytes,
        long handshakeTimeoutMs, HostDispatch hostDispatch) {

    public static final RemoteSettings DEFAULTS = new RemoteSettings(2000, 2000, 1, 64 << 20, 5000, HostDispatch.LOOP);

    /** The settings with the default host dispatch ({@link HostDispatch#LOOP}). */
    public RemoteSettings(long callTimeoutMs, long connectTimeoutMs, int retries, int maxFrameBytes, long handshakeTimeoutMs) {
        this(callTimeoutMs, connectTimeoutMs, retries, maxFrameBytes, handshakeTimeoutMs, HostDispatch.LOOP);
    }

    public RemoteSettings {
        if (callTimeoutMs <= 0 || connectTimeoutMs <= 0 || handshakeTimeoutMs <= 0) {
            throw new IllegalArgumentException("remote call, connect and handshake timeouts must be positive (ms), got "
                    + callTimeoutMs + ", " + connectTimeoutMs + ", " + handshakeTimeoutMs);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("remote retries must be 0 or more, got " + retries);
        }
        if (hostDispatch == null) {
            throw new IllegalArgumentException("remote host dispatch must be one of " + java.util.Arrays.toString(HostDispatch.values()));
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("the largest remote frame must be at least 1024 bytes, got " + maxFrameBytes);
        }
    }

    public RemoteSettings withCallTimeoutMs(long ms) {
        return new RemoteSettings(ms, connectTimeoutMs, retries, maxFrameBytes, handshakeTimeoutMs, hostDispatch);
    }

    public RemoteSettings withConnectTimeoutMs(long ms) {
        return new RemoteSettings(callTimeoutMs, ms, retries, maxFrameBytes, handshakeTimeoutMs, hostDispatch);
    }

    public RemoteSettings withRetries(int n) {
        return new RemoteSettings(callTimeoutMs, connectTimeoutMs, n, maxFrameBytes, handshakeTimeoutMs, hostDispatch);
    }

    public RemoteSettings withHostDispatch(HostDispatch d) {
        return new RemoteSettings(callTimeoutMs, connectTimeoutMs, retries, maxFrameBytes, handshakeTimeoutMs, d);
    }
}
