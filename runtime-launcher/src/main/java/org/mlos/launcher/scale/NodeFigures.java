package org.mlos.launcher.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's load as it published it, read from a node's answer to {@code scale loads} (one
 * {@code key=value} line per node).
 */
public record NodeFigures(String id, String profile, long pid, String state, double cpu, double ops, long items,
        boolean injected) {

    public boolean serving() {
        return "serving".equals(state);
    }

    public static List<NodeFigures> parse(String reply) {
        List<NodeFigures> out = new ArrayList<>();
        for (String line : reply.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> f = new HashMap<>();
            for (String kv : line.trim().split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    f.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if (!f.containsKey("id") || !f.containsKey("pid")) {
                throw new IllegalArgumentException("not a load line: " + line);
            }
            out.add(new NodeFigures(f.get("id"), f.get("profile"), Long.parseLong(f.get("pid")), f.get("state"),
                    Double.parseDouble(f.getOrDefault("cpu", "-1")), Double.parseDouble(f.getOrDefault("ops", "0")),
                    Long.parseLong(f.getOrDefault("items", "-1")), Boolean.parseBoolean(f.get("injected"))));
        }
        return out;
    }
}
