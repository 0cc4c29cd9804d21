package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.settings.BearerToken;

/**
 * Found by review: the operator endpoint read every request on one thread, so a client that sent
 * half a request line and then nothing (a slowloris) held every later request, Prometheus' scrape
 * and the token check included, for as long as it kept the connection open.
 */
@Timeout(120)
class AHalfSentRequestHoldsUpNoOtherTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @Test
    void requestsAreAnsweredWhileClientsHoldHalfSentOnes() throws IOException {
        try (OperatorEndpoint endpoint = OperatorEndpoint.start("127.0.0.1", 0, BearerToken.of(TOKEN, "the metrics token"))) {
            endpoint.route("GET", "/metrics", body -> OperatorEndpoint.Reply.text("up 1\n"));
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket("127.0.0.1", endpoint.port());
                    s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    stalled.add(s);
                }
                for (int i = 0; i < 20; i++) {
                    String reply = get(endpoint.port(), "/metrics", "Authorization: Bearer " + TOKEN + "\r\n");
                    assertTrue(reply.startsWith("HTTP/1.1 200") && reply.contains("up 1"), reply);
                }
                assertTrue(get(endpoint.port(), "/metrics", "").startsWith("HTTP/1.1 401"), "the token still checked");
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    private static String get(int port, String path, String headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000); // the old endpoint never answered: this fails it rather than hang
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
