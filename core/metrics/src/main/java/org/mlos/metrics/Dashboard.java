package org.mlos.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KernelJson;
import org.mlos.core.api.NodeCommand;
import org.mlos.core.api.SwapReport;

/**
 * The dashboard: one page (dashboard.html) that asks for the node's token and then polls
 * {@code /api/kinds}, {@code /api/swaps} (the swaps under way, as far as each has got),
 * {@code /api/history} and {@code /api/nodes}, and posts to {@code /api/swap}.
 * The API answers the same JSON as the control socket's {@code json} requests.
 */
final class Dashboard {

    private final Kernel kernel;
    /** The node command of that name (e.g. {@code cluster}), or null where the node has none. */
    private final Function<String, NodeCommand> commands;
    private final String page;

    Dashboard(Kernel kernel, Function<String, NodeCommand> commands) {
        this.kernel = kernel;
        this.commands = commands;
        try (InputStream in = Dashboard.class.getResourceAsStream("dashboard.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void addTo(OperatorEndpoint endpoint) {
        endpoint.open("/", body -> new OperatorEndpoint.Reply(200, "text/html; charset=utf-8", page))
                .route("GET", "/api/kinds", body -> OperatorEndpoint.Reply.json(KernelJson.kinds(kernel.kinds())))
                .route("GET", "/api/swaps", body -> OperatorEndpoint.Reply.json(KernelJson.swaps(kernel.swapsInFlight())))
                .route("GET", "/api/history", body -> OperatorEndpoint.Reply.json(KernelJson.history(kernel.history())))
                .route("GET", "/api/nodes", body -> OperatorEndpoint.Reply.json(nodes()))
                .routeBeside("POST", "/api/swap", this::swap); // a swap runs for seconds: the views go on meanwhile
    }

    private String nodes() {
        NodeCommand cluster = commands.apply("cluster");
        return cluster == null ? KernelJson.error("this node is in no cluster") : cluster.executeJson(List.of("nodes"));
    }

    private OperatorEndpoint.Reply swap(String form) {
        Map<String, String> f = form(form);
        String kind = f.get("kind");
        String impl = f.get("impl");
        if (kind == null || impl == null) {
            return new OperatorEndpoint.Reply(400, "application/json",
                    KernelJson.error("a swap needs kind and impl (form fields)"));
        }
        try {
            SwapReport r = kernel.swap(kind, impl);
            // a script that checks the status took a refused or rolled-back swap for done: the body said REFUSED
            return new OperatorEndpoint.Reply(r.outcome().switched() ? 200 : 409, "application/json", KernelJson.report(r));
        } catch (IllegalArgumentException e) {
            return new OperatorEndpoint.Reply(400, "application/json", KernelJson.error(e.getMessage()));
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
