package org.mlos.launcher.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's ready line, {@code mlos: ready profile=… bundles=… boot_ms=… serving_ms=…
 * [joined_ms=…|pending [alone]] rss_kb=… pid=… [endpoints=name://host:port,…] [dashboard=http://…/]}, parsed;
 * and, for a node
 * that joined its cluster after it began serving, the {@code mlos: joined [alone] profile=… joined_ms=…
 * pid=… [endpoints=…]} line that follows it. A word without {@code =} tells how the join ended.
 *
 * @param servingMs   from the JVM's start until the node served (the same as {@code bootMs})
 * @param joinedMs    from the JVM's start until it had joined its cluster; -1 if it joins none, or
 *                    not yet ({@link #joinPending})
 * @param joinPending the ready line said {@code joined_ms=pending}: a joined line will follow
 * @param joinNote    how the join ended, e.g. {@code alone} (no member of its cluster, members of
 *                    another); empty if it said nothing
 */
public record ReadyLine(String profile, int bundles, long bootMs, long pid, Map<String, String> endpoints,
        long servingMs, long joinedMs, boolean joinPending, String joinNote) {

    private static final Pattern LINE = Pattern.compile("^mlos: ready (.*)$");
    private static final Pattern JOINED = Pattern.compile("^mlos: joined (.*)$");

    /** The parsed line, or null if {@code line} is not a ready line. */
    public static ReadyLine parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> fields = fields(m.group(1));
        long boot = toLong(fields.get("boot_ms"));
        String joined = fields.get("joined_ms");
        return new ReadyLine(fields.getOrDefault("profile", "?"), (int) toLong(fields.get("bundles")), boot,
                toLong(fields.get("pid")), endpoints(fields), fields.containsKey("serving_ms") ? toLong(fields.get("serving_ms")) : boot,
                joined == null || joined.equals("pending") ? -1 : toLong(joined), "pending".equals(joined), note(m.group(1)));
    }

    /**
     * This ready line completed by the node's joined line, or null if {@code line} is not one.
     * Endpoints the node opened once joined (remote kinds) are added.
     */
    public ReadyLine joined(String line) {
        Matcher m = JOINED.matcher(line);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> fields = fields(m.group(1));
        Map<String, String> all = new LinkedHashMap<>(endpoints);
        all.putAll(endpoints(fields));
        return new ReadyLine(profile, bundles, bootMs, pid, Map.copyOf(all), servingMs, toLong(fields.get("joined_ms")), false,
                note(m.group(1)));
    }

    /**
     * The endpoints as URLs, sorted, each after a space (for a line naming the node); the metrics
     * endpoint is followed by the dashboard the same listener serves at {@code /}, which is what an
     * operator opens (the line used to name only {@code /metrics}).
     */
    public String urls() {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(endpoints).forEach((scheme, where) -> {
            sb.append(' ').append(scheme).append("://").append(where);
            String dashboard = org.mlos.launcher.DashboardUrl.of(scheme + "://" + where);
            if (dashboard != null) {
                sb.append(" dashboard=").append(dashboard);
            }
        });
        return sb.toString();
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

    /** How the join ended, after a space ({@code " alone"}), for a line that tells the join; empty if it said nothing. */
    public String joinedHow() {
        return joinNote.isEmpty() ? "" : " " + joinNote;
    }

    /** The words without {@code =}, space-separated. */
    private static String note(String text) {
        return java.util.Arrays.stream(text.trim().split(" +")).filter(w -> !w.isEmpty() && w.indexOf('=') < 0)
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.trim().split(" +")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    private static Map<String, String> endpoints(Map<String, String> fields) {
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
        return Map.copyOf(endpoints);
    }

    private static long toLong(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
