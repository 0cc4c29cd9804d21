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
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "cache",
                List.of("--metrics", "--port", "0", "--set", "mlos.metrics.token.file=" + token,
                        "--set", "mlos.cluster.name=itest-" + UUID.randomUUID(), "--set", "mlos.cluster.port=15841"),
                List.of(), null)) {
            ReadyLine ready = node.awaitReady(Duration.ofSeconds(90));
            String endpoint = ready.endpoints().get("http");
            assertTrue(endpoint != null && endpoint.matches("127\\.0\\.0\\.1:\\d+/metrics"),
                    "the ready line names the endpoint on 127.0.0.1: " + ready);
            String line = node.output().lines().filter(l -> l.startsWith("mlos: ready ")).findFirst().orElse("");
            assertTrue(line.endsWith(" dashboard=http://" + endpoint.substring(0, endpoint.length() - "metrics".length())),
                    "the node's line names the page an operator opens, not only /metrics: " + line);
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
                assertTrue(after.body().contains("mlos_store_items "), "the store's figures: " + after.body());
                assertTrue(after.body().contains("mlos_store_gets_total{result=\"hit\"}"), after.body());
            }
        }
    }

    /**
     * An outsider's {@code mlos run full --dashboard} stopped with {@code NoClassDefFoundError:
     * org/mlos/mem/api/KeyValueStore} (the metrics component named the store's type, and the full
     * profile has no store), so every {@code cluster up --dashboard} with a full node failed.
     */
    @Test
    void aNodeWithoutTheStoreServesItsMetricsToo(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("metrics.token");
        Files.writeString(token, "itest-token-" + UUID.randomUUID());
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "full",
                List.of("--dashboard", "--set", "mlos.metrics.token.file=" + token, "--set", "mlos.bridge.token.file=" + token,
                        "--set", "mlos.bridge.root=" + Files.createDirectories(dir.resolve("files")),
                        "--set", "mlos.cluster.name=itest-" + UUID.randomUUID(), "--set", "mlos.cluster.port=15851"),
                List.of(), null)) {
            ReadyLine ready = node.awaitReady(Duration.ofSeconds(90));
            URI metrics = URI.create("http://" + ready.endpoints().get("http"));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(metrics)
                        .header("Authorization", "Bearer " + Files.readString(token)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, scrape.statusCode());
                assertTrue(scrape.body().contains("mlos_kind_active{impl=\"disk\",kind=\"HostFiles\"} 1.0"), scrape.body());
                assertTrue(!scrape.body().contains("mlos_store_"), "no store here");
            }
        }
    }

    /**
     * A worker node's scheduler workers could be set ({@code mlos.sched.workers}) and read back only
     * from its threads' names: the scheduler's figures are meters.
     */
    @Test
    void aWorkerNodesSchedulerWorkersAreAMeter(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("metrics.token");
        Files.writeString(token, "itest-token-" + UUID.randomUUID());
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "worker",
                List.of("--metrics", "--set", "mlos.metrics.token.file=" + token, "--set", "mlos.sched.workers=3"),
                List.of(), null)) {
            ReadyLine ready = node.awaitReady(Duration.ofSeconds(90));
            URI metrics = URI.create("http://" + ready.endpoints().get("http"));
            try (HttpClient http = HttpClient.newHttpClient()) {
                String scrape = http.send(HttpRequest.newBuilder(metrics).header("Authorization", "Bearer "
                        + Files.readString(token)).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(scrape.contains("\nmlos_sched_workers 3.0\n"), scrape);
                assertTrue(scrape.contains("mlos_sched_tasks_total{result=\"completed\"}"), scrape);
                assertTrue(!scrape.contains("mlos_store_"), "no store here");
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
