package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.settings.BearerToken;

/**
 * Found by review: the operator endpoint (the JDK's HTTP server) took connections without limit
 * and waited for a request's head for ever, so half-sent requests by the thousand each held a
 * reader for good, with no token shown. It now keeps at most {@value OperatorEndpoint#MAX_CONNECTIONS}
 * open (one more is reset as it opens) and gives a request {@value OperatorEndpoint#MAX_REQUEST_SECONDS}
 * s to arrive.
 */
@Timeout(120)
class AFloodOfOperatorConnectionsHadNoCapTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String REQUEST = "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
            + TOKEN + "\r\n\r\n";

    @Test
    void connectionsPastTheCapAreResetAndAPlaceFreedServesAgain() throws IOException, InterruptedException {
        try (OperatorEndpoint endpoint = OperatorEndpoint.start("127.0.0.1", 0, BearerToken.of(TOKEN, "the metrics token"))) {
            endpoint.route("GET", "/metrics", body -> OperatorEndpoint.Reply.text("up 1\n"));
            assertEquals(OperatorEndpoint.MAX_REQUEST_SECONDS, System.getProperty(OperatorEndpoint.MAX_REQUEST_PROPERTY));
            int cap = Integer.parseInt(System.getProperty(OperatorEndpoint.MAX_CONNECTIONS_PROPERTY));
            assertEquals(OperatorEndpoint.MAX_CONNECTIONS, String.valueOf(cap));
            List<Socket> halfSent = new ArrayList<>();
            try {
                for (int i = 0; i < cap; i++) {
                    Socket s = new Socket("127.0.0.1", endpoint.port());
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    halfSent.add(s);
                }
                assertEquals("", exchange(endpoint.port()), "a connection past the cap was served");
                for (int i = 0; i < 8; i++) {
                    halfSent.remove(0).close();
                }
                String reply = "";
                // the server sees the closes as its readers meet them: bounded by count, not time
                for (int i = 0; i < 200 && !reply.startsWith("HTTP/1.1 200"); i++) {
                    reply = exchange(endpoint.port());
                    if (!reply.startsWith("HTTP/1.1 200")) {
                        Thread.sleep(50);
                    }
                }
                assertTrue(reply.startsWith("HTTP/1.1 200") && reply.contains("up 1"), "a place freed was not taken: " + reply);
            } finally {
                for (Socket s : halfSent) {
                    s.close();
                }
            }
        }
    }

    /** A whole request on a new connection: the reply, or "" if the connection ended (or reset) unanswered. */
    private static String exchange(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            try {
                s.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (java.net.SocketTimeoutException e) {
                throw e;
            } catch (IOException reset) {
                return "";
            }
        }
    }
}
