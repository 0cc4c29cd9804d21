package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.settings.BearerToken;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MetricsTest {

    private static final String TOKEN = "0123456789abcdef-test-token";

    private final SwapKernel kernel = new SwapKernel();
    private PrometheusMeterRegistry registry;
    private KernelMeters meters;
    private KindMBeans beans;
    private OperatorEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        kernel.install(Greeter.class, "english", () -> "hello", 0);
        kernel.install(Greeter.class, "french", () -> "bonjour", 0);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters = new KernelMeters(kernel, registry);
        beans = new KindMBeans(meters, meters::refresh);
        endpoint = OperatorEndpoint.start("127.0.0.1", 0, BearerToken.of(TOKEN, "the metrics token"));
        endpoint.route("GET", "/metrics", body -> {
            meters.refresh();
            try {
                beans.sync();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return OperatorEndpoint.Reply.text(registry.scrape());
        });
        new Dashboard(kernel, name -> null).addTo(endpoint);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        beans.close();
        registry.close();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), () -> series + " not in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aScrapeAfterASwapShowsItCountedTimedAndTheNewActiveImplementation() throws Exception {
        String before = get("/metrics", "Bearer " + TOKEN).body();
        assertEquals(1.0, value(before, "mlos_kind_active{impl=\"english\",kind=\"Greeter\"}"));
        assertTrue(!before.contains("mlos_swaps_total"), "no swap yet");

        assertEquals(SwapOutcome.COMPLETED, kernel.swap("Greeter", "french").outcome());
        HttpResponse<String> after = get("/metrics", "Bearer " + TOKEN);
        assertEquals(200, after.statusCode());
        String s = after.body();
        assertEquals(1.0, value(s, "mlos_swaps_total{kind=\"Greeter\",outcome=\"COMPLETED\",trigger=\"request\"}"));
        assertEquals(1.0, value(s, "mlos_swap_duration_seconds_count{kind=\"Greeter\"}"));
        assertTrue(s.contains("mlos_swap_pause_seconds_bucket{kind=\"Greeter\",le="), "pause as a histogram");
        assertEquals(0.0, value(s, "mlos_kind_active{impl=\"english\",kind=\"Greeter\"}"));
        assertEquals(1.0, value(s, "mlos_kind_active{impl=\"french\",kind=\"Greeter\"}"));

        // A second scrape counts nothing twice.
        String again = get("/metrics", "Bearer " + TOKEN).body();
        assertEquals(1.0, value(again, "mlos_swaps_total{kind=\"Greeter\",outcome=\"COMPLETED\",trigger=\"request\"}"));
    }

    @Test
    void noFiguresWithoutTheTokenAndOnlyAtMetrics() throws Exception {
        HttpResponse<String> none = get("/metrics", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertTrue(!none.body().contains("mlos_"), none.body());
        assertEquals(401, get("/metrics", "Bearer " + TOKEN + "x").statusCode());
        assertEquals(401, get("/metrics", "Bearer " + TOKEN.substring(1)).statusCode());
        assertEquals(404, get("/other", "Bearer " + TOKEN).statusCode());
        HttpResponse<String> api = get("/api/kinds", null);
        assertEquals(401, api.statusCode());
        // the API answers as the control socket does, JSON errors included (an outsider read plain text)
        assertTrue(api.body().startsWith("{\"error\":\"unauthorized: send Authorization: Bearer"), api.body());
        assertEquals("application/json", api.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> page = get("/", null);
        assertEquals(200, page.statusCode(), "the dashboard's page holds no figures: anyone may load it");
        assertTrue(page.body().contains("<title>MultiLibOS node</title>"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""), "framed by another site: clickjacking");
        assertEquals("frame-ancestors 'none'", page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("nosniff", api.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void theDashboardApiListsKindsAndSwapsWithTheToken() throws Exception {
        assertTrue(get("/api/kinds", "Bearer " + TOKEN).body().contains("\"active\":\"english\""));
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/api/swap"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("kind=Greeter&impl=french")).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> swapped = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertTrue(swapped.body().contains("\"outcome\":\"COMPLETED\""), swapped.body());
            assertEquals(200, swapped.statusCode());
            // a script that checks the status took a refused swap for done (200, REFUSED in the body)
            HttpResponse<String> again = client.send(post, HttpResponse.BodyHandlers.ofString());
            assertTrue(again.body().contains("\"outcome\":\"REFUSED\""), again.body());
            assertEquals(409, again.statusCode());
            HttpRequest anonymous = HttpRequest.newBuilder(post.uri())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("kind=Greeter&impl=english")).build();
            assertEquals(401, client.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertTrue(get("/api/history", "Bearer " + TOKEN).body().contains("\"to\":\"french\""));
        assertEquals("french", kernel.kind("Greeter").orElseThrow().active(), "the anonymous swap did nothing");
        assertTrue(get("/api/nodes", "Bearer " + TOKEN).body().contains("no cluster"));
    }

    @Test
    void eachKindIsAnMXBeanWithItsSwapTimes() throws Exception {
        kernel.swap("Greeter", "french");
        meters.refresh();
        beans.sync();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("org.mlos:type=Kind,name=\"Greeter\"");
        assertEquals("french", server.getAttribute(name, "Active"));
        assertEquals(1, server.getAttribute(name, "Swaps"));
        assertTrue((Double) server.getAttribute(name, "SwapDurationMaxMicros") > 0);
        beans.close();
        assertTrue(!server.isRegistered(name), "closed beans are unregistered");
    }
}
