package org.mlos.cluster.remote.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Forwards 127.0.0.1 connections to a port; {@link #kill()} drops them all at once, as a dying
 * host's kernel does, and refuses any after.
 *
 * <p>A connection can still be accepted after the listening socket is closed: the accepting
 * thread, inside the system call, holds the socket open until it returns. A caller that saw its
 * connection drop reconnected within that window, and its call was forwarded to the killed host
 * (HostLostFailsOverTest saw 7 calls in 150 succeed beside a CPU hog). So a connection accepted
 * once killed is closed at once, never forwarded.
 *
 * <p>{@link #pause()} acts as {@code kill -STOP} on the host: connections stay open and new ones
 * are accepted (the kernel does that for a stopped process), but nothing is forwarded either way
 * until {@link #resume()}.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Guards {@link #killed} against a connection being added: one is added before the kill, or closed unforwarded. */
    private final Object lock = new Object();
    private boolean killed;
    /** Connections still to be closed as they are accepted, unforwarded ({@link #closeNext}). */
    private final java.util.concurrent.atomic.AtomicInteger toClose = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    public TcpProxy(int targetPort) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            try {
                while (true) {
                    Socket in = server.accept();
                    accepted.incrementAndGet();
                    awaitRunning();
                    if (toClose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        in.close(); // the caller's handshake fails: nothing of its reached the host
                        continue;
                    }
                    synchronized (lock) {
                        if (killed) {
                            in.close(); // the killed host sees no connection either
                            return;
                        }
                    }
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    in.setTcpNoDelay(true);
                    out.setTcpNoDelay(true);
                    synchronized (lock) {
                        if (killed) {
                            in.close();
                            out.close();
                            return;
                        }
                        sockets.add(in);
                        sockets.add(out);
                        forwarded.incrementAndGet();
                    }
                    pump(in, out);
                    pump(out, in);
                }
            } catch (IOException closed) {
                // killed
            }
        }, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0;) {
                    awaitRunning();
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // either side went away
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private volatile java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(0);

    private void awaitRunning() {
        try {
            running.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Forwards nothing, and connects nothing accepted, until {@link #resume()}: a stopped host. */
    public void pause() {
        running = new java.util.concurrent.CountDownLatch(1);
    }

    public void resume() {
        running.countDown();
    }

    /** Closes the next {@code n} connections as they are accepted, before the host sees them. */
    public void closeNext(int n) {
        toClose.set(n);
    }

    private final java.util.concurrent.atomic.AtomicInteger forwarded = new java.util.concurrent.atomic.AtomicInteger();

    /** How many connections were forwarded to the target so far. */
    public int forwarded() {
        return forwarded.get();
    }

    /** How many forwarded connections are open now (both sides). */
    public int open() {
        return (int) sockets.stream().filter(s -> !s.isClosed()).count() / 2;
    }

    /** How many connections were made to the proxy so far. */
    public int accepted() {
        return accepted.get();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void kill() throws IOException {
        synchronized (lock) {
            killed = true;
        }
        resume();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        kill();
    }
}
