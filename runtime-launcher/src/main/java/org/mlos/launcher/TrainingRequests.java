package org.mlos.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * What a first client asks, asked by the node itself at the end of an AOT training boot
 * ({@code -Dmlos.aot.training=true}, which the {@code mlos} script gives its training boots).
 *
 * <p>The JDK's AOT cache holds the classes the training run loaded. A training boot that only
 * reached its ready line left out the whole request path: on a cache node the first memcached
 * request then loaded ~240 classes from the jars (Netty's channel, Vert.x's socket, the memcached
 * codecs), 300–400 ms on a busy machine between the ready line and the first reply, against 2 ms
 * for the second connection. Each memcached endpoint gets one connection per protocol (text, meta,
 * binary) with the requests a client starts with; the key used is deleted again.
 */
final class TrainingRequests {

    static final String PROPERTY = "mlos.aot.training";

    private static final String KEY = "mlos-aot-training";
    private static final int TIMEOUT_MS = 5_000;

    private TrainingRequests() {
    }

    static boolean wanted() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Asks every memcached endpoint of the node; a failure is printed and the training goes on. */
    static void run(BundleContext context, PrintStream err) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + NodeProperties.ENDPOINT + "=memcached://*)");
        if (refs == null) {
            return;
        }
        for (ServiceReference<?> ref : refs) {
            String endpoint = String.valueOf(ref.getProperty(NodeProperties.ENDPOINT));
            try {
                URI uri = URI.create(endpoint);
                train(new InetSocketAddress(uri.getHost(), uri.getPort()));
            } catch (IOException | IllegalArgumentException e) {
                err.println("mlos: AOT training: " + endpoint + " did not answer as a memcached server: " + e.getMessage());
            }
        }
    }

    /** One connection per protocol, each with what a client starts with; returns the replies. */
    static String[] train(InetSocketAddress address) throws IOException {
        return new String[] {
            new String(ask(address, text("version\r\n"), "VERSION"), StandardCharsets.US_ASCII),
            new String(ask(address, text("set " + KEY + " 0 0 1\r\nx\r\nget " + KEY + "\r\ngets " + KEY + "\r\n"
                    + "incr " + KEY + "-n 1\r\ndelete " + KEY + "\r\nversion\r\n"), "VERSION"), StandardCharsets.US_ASCII),
            new String(ask(address, text("ms " + KEY + " 1\r\nx\r\nmg " + KEY + " v\r\nmd " + KEY + "\r\nmn\r\n"), "MN"),
                    StandardCharsets.US_ASCII),
            new String(ask(address, binaryVersion(), null), StandardCharsets.ISO_8859_1) };
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A binary-protocol VERSION request: a 24-byte header, no body. */
    static byte[] binaryVersion() {
        byte[] header = new byte[24];
        header[0] = (byte) 0x80; // request magic
        header[1] = 0x0b; // VERSION
        return header;
    }

    /**
     * Sends {@code request} and reads the reply until it holds {@code last} and ends a line (text), or
     * until a whole binary reply (24-byte header and its body) when {@code last} is null.
     */
    static byte[] ask(InetSocketAddress address, byte[] request, String last) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            byte[] buf = new byte[512];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("the connection closed after " + reply.size() + " bytes");
                }
                reply.write(buf, 0, n);
                byte[] r = reply.toByteArray();
                String t = new String(r, StandardCharsets.US_ASCII);
                if (last == null ? complete(r) : t.contains(last) && t.endsWith("\r\n")) {
                    return r;
                }
            }
        }
    }

    private static boolean complete(byte[] r) {
        if (r.length < 24) {
            return false;
        }
        int body = ((r[8] & 0xff) << 24) | ((r[9] & 0xff) << 16) | ((r[10] & 0xff) << 8) | (r[11] & 0xff);
        return r.length >= 24 + body;
    }
}
