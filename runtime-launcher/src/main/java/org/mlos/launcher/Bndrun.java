package org.mlos.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the parts of a {@code .bndrun} file a node needs at run time: its headers (with
 * {@code -include}d files, which the including file overrides), the framework properties of
 * every {@code -runproperties*} instruction, and {@code -runsystempackages}. bnd itself has
 * already resolved the run bundles at build time; this reader stays small so that boot does not
 * pay for bndlib.
 */
final class Bndrun {

    private final Map<String, String> headers;

    private Bndrun(Map<String, String> headers) {
        this.headers = headers;
    }

    static Bndrun read(Path file) throws IOException {
        return new Bndrun(headers(file, 0));
    }

    String header(String name) {
        return headers.get(name);
    }

    /** Every {@code -runproperties*} instruction merged, the plain one first, then by name. */
    Map<String, String> runProperties() {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String value : instructions("-runproperties")) {
            for (String clause : clauses(value)) {
                int eq = clause.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("-runproperties clause '" + clause + "' is not key=value");
                }
                merged.put(clause.substring(0, eq).trim(), unquote(clause.substring(eq + 1).trim()));
            }
        }
        return merged;
    }

    /**
     * Extra system packages ({@code -runsystempackages*}), comma-separated, or empty. {@code java.*}
     * packages are left out: they tell bnd's resolver what its JDK profile lacks, while the
     * framework exports every {@code java.*} package of the running JDK by itself.
     */
    String runSystemPackages() {
        List<String> all = new ArrayList<>();
        for (String value : instructions("-runsystempackages")) {
            for (String clause : clauses(value)) {
                if (!clause.startsWith("java.")) {
                    all.add(clause);
                }
            }
        }
        return String.join(",", all);
    }

    /**
     * The JVM options of {@code -runvm*} (bnd's instruction), in order: what a profile's bundles
     * need of the JVM itself (module exports and opens, system properties read at class
     * initialisation), which only the command line that starts the node can give.
     */
    List<String> runVm() {
        List<String> out = new ArrayList<>();
        for (String value : instructions("-runvm")) {
            out.addAll(clauses(value));
        }
        return out;
    }

    /** The values of an instruction and its suffixed variants, the plain one first, then by name. */
    private List<String> instructions(String prefix) {
        TreeMap<String, String> found = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                found.put(e.getKey(), e.getValue());
            }
        }
        return new ArrayList<>(found.values());
    }

    private static Map<String, String> headers(Path file, int depth) throws IOException {
        if (depth > 8) {
            throw new IOException("-include nested too deeply at " + file);
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        Map<String, String> result = new LinkedHashMap<>();
        String include = props.getProperty("-include");
        if (include != null) {
            for (String clause : clauses(include)) {
                String path = clause.trim().replace("${.}", file.toAbsolutePath().getParent().toString());
                boolean optional = path.startsWith("-");
                Path included = file.getParent().resolve(optional ? path.substring(1) : path).normalize();
                if (Files.exists(included)) {
                    result.putAll(headers(included, depth + 1));
                } else if (!optional) {
                    throw new IOException(file + " includes " + included + ", which does not exist");
                }
            }
        }
        for (String name : props.stringPropertyNames()) {
            result.put(name, props.getProperty(name).trim());
        }
        result.remove("-include");
        return result;
    }

    /** Splits on commas outside quotes. */
    static List<String> clauses(String value) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                cur.append(c);
            } else if (c == ',') {
                add(out, cur);
            } else {
                cur.append(c);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().trim();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
