package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A real headless Chromium (Debian's package) driven over the DevTools protocol: one page,
 * JavaScript evaluated in it, screenshots, and the errors its console shows (a failed request, a
 * script's exception). Enough for a test to use a page as a person would.
 */
final class Chromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

    private final Process process;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private WebSocket page;
    /** What the console showed as errors since {@link #watchErrors}. */
    private final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Chromium(Process process) {
        this.process = process;
    }

    /** The browser binary, or the test is skipped (and fails under CI, which installs it). */
    static String binary() {
        for (String name : new String[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }) {
            if (Files.isExecutable(Path.of(name))) {
                return name;
            }
        }
        String why = "no Chromium: install it (apt-get install -y chromium)";
        if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
            fail(why);
        }
        Assumptions.abort(why);
        return null;
    }

    /** Starts a headless browser on {@code url} (loopback only) and connects to its page. */
    static Chromium open(String url, Path profile) throws Exception {
        Process p = new ProcessBuilder(binary(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1200,900", url)
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String browser = null;
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (browser == null && System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browser = m.group(1);
            }
        }
        if (browser == null) {
            p.destroyForcibly();
            fail("Chromium did not start its DevTools endpoint:\n" + seen);
        }
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { })); // keep its output drained
        URI devtools = URI.create(browser);
        HttpClient http = HttpClient.newHttpClient();
        String pageSocket = null;
        while (pageSocket == null && System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + devtools.getHost()
                    + ":" + devtools.getPort() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if (t.get("type").asText().equals("page")) {
                    pageSocket = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageSocket == null) {
                Thread.sleep(100);
            }
        }
        if (pageSocket == null) {
            p.destroyForcibly();
            fail("Chromium opened no page");
        }
        Chromium c = new Chromium(p);
        c.page = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), c.new Listener()).get(30, TimeUnit.SECONDS);
        return c;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(text.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            f.complete(msg);
                        }
                    } else {
                        noteError(msg);
                    }
                } catch (IOException e) {
                    // not ours to fail on
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        page.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    /** Evaluates an expression in the page; its value as a string ("null" when it has none). */
    String eval(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw: " + r.get("exceptionDetails"));
        }
        JsonNode v = r.get("result").get("value");
        return v == null || v.isNull() ? "null" : v.asText();
    }

    /** Polls {@code expression} until it yields {@code expected}; returns the last value. */
    String await(String expression, String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String v = eval(expression);
        while (!v.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            v = eval(expression);
        }
        return v;
    }

    /** From now on, keeps what the console shows as errors ({@link #errors}). */
    void watchErrors() throws Exception {
        call("Log.enable", JSON.createObjectNode());
        call("Runtime.enable", JSON.createObjectNode());
    }

    /** The console's errors since {@link #watchErrors}: failed requests (a 404 too) and uncaught exceptions. */
    java.util.List<String> errors() {
        return java.util.List.copyOf(errors);
    }

    private void noteError(JsonNode event) {
        String method = event.path("method").asText();
        JsonNode p = event.path("params");
        if (method.equals("Log.entryAdded") && p.path("entry").path("level").asText().equals("error")) {
            errors.add(p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
        } else if (method.equals("Runtime.exceptionThrown")) {
            errors.add(p.path("exceptionDetails").toString());
        }
    }

    /** Loads the page again (the tab's session storage stays). */
    void reload() throws Exception {
        call("Page.reload", JSON.createObjectNode());
    }

    void screenshot(Path png) throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() {
        if (page != null) {
            page.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
