package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * A real node with {@code --metrics}: its ready line names the Prometheus endpoint, which answers
 * a scraper without the token 401 and one with it the node's figures, the swap just made included.
 */
class MetricsNodeIT {

    @Test
    void theEndpointShowsASwapToAScraperWithTheToken(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("metrics.token");
        Files.writeString(token, "itest-token-" + UUID.randomUUID());
        try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "cache",
                List.of("--metrics", "--port", "0", "--set", "mlos.metrics.token.file=" + token,
                        "--set", "mlos.cluster.name=itest-" + UUID.randomUUID(), "--set", "mlos.cluster.port=15841"),
                List.of(), null)) {
            ReadyLine ready = node.awaitReady(Duration.ofSeconds(90));
            String endpoint = ready.endpoints().get("http");
            assertTrue(endpoint != null && endpoint.matches("127\\.0\\.0\\.1:\\d+/metrics"),
                    "the ready line names the endpoint on 127.0.0.1: " + ready);
            URI metrics = URI.create("http://" + endpoint);
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, stranger.statusCode());
                assertTrue(!stranger.body().contains("mlos_"), stranger.body());

                HttpRequest scrape = HttpRequest.newBuilder(metrics)
                        .header("Authorization", "Bearer " + Files.readString(token)).build();
                String before = http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                double swapsBefore = swaps(before);
                String report = node.request("swap KeyValueStore heap");
                assertTrue(report.contains("COMPLETED"), report);
                HttpResponse<String> after = http.send(scrape, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, after.statusCode());
                assertEquals(swapsBefore + 1, swaps(after.body()), after.body());
                assertTrue(after.body().contains("mlos_kind_active{impl=\"heap\",kind=\"KeyValueStore\"} 1.0"));
                assertTrue(after.body().contains("mlos_swap_pause_seconds_bucket{kind=\"KeyValueStore\""));
                assertTrue(after.body().contains("jvm_memory_used_bytes"), "the JVM's figures too");
            }
        }
    }

    /** Completed swaps requested by a person so far (0 before any). */
    private static double swaps(String scrape) {
        Matcher m = Pattern.compile("(?m)^mlos_swaps_total\\{kind=\"KeyValueStore\",outcome=\"COMPLETED\","
                + "trigger=\"request\"} (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
