package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.settings.BearerToken;
import org.mlos.core.state.SwapAware;

/**
 * Found by an outsider: a swap posted from the dashboard ran while the endpoint's one-at-a-time
 * lock was held, so for the seconds a swap of 20,000 items took, {@code /metrics} did not answer
 * (4.1 s) and the dashboard's own {@code /api/swaps} answered only after the swap, with nothing
 * under way. A swap now answers beside the other routes.
 */
@Timeout(120)
class ASwapFromTheDashboardHeldTheMetricsTest {

    private static final String TOKEN = "0123456789abcdef-test-token";

    /** A greeter whose swap in waits until the test lets it go. */
    static final class Slow implements Greeter, SwapAware {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);

        @Override
        public String hello() {
            return "hej";
        }

        @Override
        public void beforeServing() {
            started.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theMetricsAndTheSwapsUnderWayAnswerWhileADashboardSwapRuns() throws Exception {
        SwapKernel kernel = new SwapKernel();
        kernel.install(Greeter.class, "english", () -> "hello", 0);
        Slow slow = new Slow();
        kernel.install(Greeter.class, "swedish", slow, 0);
        try (OperatorEndpoint endpoint = OperatorEndpoint.start("127.0.0.1", 0, BearerToken.of(TOKEN, "the metrics token"));
                HttpClient client = HttpClient.newHttpClient()) {
            endpoint.route("GET", "/metrics", body -> OperatorEndpoint.Reply.text("up 1\n"));
            new Dashboard(kernel, name -> null).addTo(endpoint);
            URI base = URI.create("http://127.0.0.1:" + endpoint.port());
            CompletableFuture<HttpResponse<String>> swap = client.sendAsync(HttpRequest.newBuilder(base.resolve("/api/swap"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("kind=Greeter&impl=swedish")).build(),
                    HttpResponse.BodyHandlers.ofString());
            try {
                assertTrue(slow.started.await(60, TimeUnit.SECONDS), "the swap began");
                HttpResponse<String> metrics = client.send(get(base, "/metrics"), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, metrics.statusCode());
                String swaps = client.send(get(base, "/api/swaps"), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(swaps.contains("\"to\":\"swedish\""), "the swap under way is listed while it runs: " + swaps);
                // and the kinds, read without the kind's lock, which the swap holds (KindsWaitedForASwapToEndTest)
                String kinds = client.send(get(base, "/api/kinds"), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(kinds.contains("\"active\":\"english\""), kinds);
                assertTrue(!swap.isDone(), "the swap is still waiting");
            } finally {
                slow.go.countDown();
            }
            String report = swap.get(60, TimeUnit.SECONDS).body();
            assertTrue(report.contains("\"outcome\":\"COMPLETED\""), report);
        }
    }

    /** A GET that fails rather than waits for the swap (the old endpoint answered it only after). */
    private static HttpRequest get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(20)).build();
    }
}
