package org.mlos.launcher.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's ready line, {@code mlos: ready profile=… bundles=… boot_ms=… rss_kb=… pid=…
 * [endpoints=name://host:port,…]}, parsed.
 */
public record ReadyLine(String profile, int bundles, long bootMs, long pid, Map<String, String> endpoints) {

    private static final Pattern LINE = Pattern.compile("^mlos: ready (.*)$");

    /** The parsed line, or null if {@code line} is not a ready line. */
    public static ReadyLine parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : m.group(1).trim().split(" +")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        String e = fields.get("endpoints");
        if (e != null && !e.isEmpty()) {
            for (String url : e.split(",")) {
                int sep = url.indexOf("://");
                if (sep > 0) {
                    endpoints.put(url.substring(0, sep), url.substring(sep + 3));
                }
            }
        }
        return new ReadyLine(fields.getOrDefault("profile", "?"), toInt(fields.get("bundles")),
                toInt(fields.get("boot_ms")), toInt(fields.get("pid")), Map.copyOf(endpoints));
    }

    /** The port of a named endpoint ({@code memcached}, ...). */
    public int port(String endpoint) {
        String hostPort = endpoints.get(endpoint);
        if (hostPort == null) {
            throw new IllegalStateException("node " + pid + " (" + profile + ") has no " + endpoint
                    + " endpoint; it has " + endpoints.keySet());
        }
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    private static int toInt(String v) {
        try {
            return v == null ? 0 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
