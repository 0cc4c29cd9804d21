package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mlos.net.memcached.RandomRequests.Request;

/**
 * One connection of a differential test to one server, ours or memcached, and that server's CAS
 * numbering ({@link CasBook}): a batch of requests goes out in one write, the replies are read
 * back and normalised by the test, which compares the two servers' with {@link #assertSameReplies}.
 */
class DifferentialPeer implements AutoCloseable {

    final DataInputStream in;
    final CasBook book;
    private final Socket socket;
    private final OutputStream out;

    DifferentialPeer(int port, CasBook book) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = socket.getOutputStream();
        this.book = book;
    }

    /** The requests, then {@code last} (what ends the batch's replies), in one write. */
    final void send(List<Request> requests, Request last) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Request r : requests) {
            all.writeBytes(r.apply(book));
        }
        all.writeBytes(last.apply(book));
        send(all.toByteArray());
    }

    final void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next reply line, without its CRLF. */
    final String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed after " + b.toString(StandardCharsets.ISO_8859_1));
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", "");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /**
     * Fails on a batch the two servers answered differently, showing what was sent (with the CAS
     * values of {@code book}'s server; a request over 400 bytes cut there).
     */
    static void assertSameReplies(long seed, int batch, List<Request> requests, CasBook book, String theirs, String ours) {
        if (!theirs.equals(ours)) {
            StringBuilder sent = new StringBuilder();
            for (Request r : requests) {
                byte[] b = r.apply(book);
                sent.append(b.length > 400 ? new String(b, 0, 400, StandardCharsets.ISO_8859_1) + "…(" + b.length + " bytes)"
                        : new String(b, StandardCharsets.ISO_8859_1));
            }
            assertEquals(theirs, ours, "seed " + seed + ", batch " + batch + ", requests:\n"
                    + sent.toString().replace("\r\n", "\\r\\n\n"));
        }
    }
}
