package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Dependencies between our packages run one way. jdeps reads every module's classes; any cycle
 * of packages fails this test, except the cycles listed in {@link #KNOWN}, which are being taken
 * apart: a known cycle may shrink, never grow, and a new one fails at once.
 */
class PackageCyclesIT {

    /** Cycles that exist and are being taken apart: none since issue 12 took the cluster bundle's apart. */
    private static final List<Set<String>> KNOWN = List.of();

    @Test
    void noNewPackageCycles() throws IOException {
        List<Path> modules = moduleClassDirs();
        assertTrue(modules.size() >= 8, "found the modules' classes: " + modules);
        List<String> unexpected = new ArrayList<>();
        for (Path classes : modules) {
            for (Set<String> cycle : cycles(edges(classes))) {
                if (KNOWN.stream().noneMatch(k -> k.containsAll(cycle))) {
                    unexpected.add(new TreeSet<>(cycle) + " in " + ItestOptions.root().relativize(classes));
                }
            }
        }
        assertEquals(List.of(), unexpected, "package cycles: make the dependency run one way");
    }

    /** Every module's compiled main classes, but for the test-only modules. */
    private static List<Path> moduleClassDirs() throws IOException {
        Path root = ItestOptions.root();
        try (Stream<Path> s = Files.find(root, 4, (p, a) -> a.isDirectory() && p.endsWith(Path.of("target", "classes"))
                && !p.toString().contains("/itests/") && !p.toString().contains("/bench/")
                && !p.toString().contains("/export/"))) {
            return s.sorted().collect(Collectors.toList());
        }
    }

    /** Package to packages it uses, ours only, from jdeps. */
    private static Map<String, Set<String>> edges(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new IllegalStateException("no jdeps in this JDK: run the tests on a full JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                "--ignore-missing-deps", "--multi-release", "base", classes.toString());
        assertEquals(0, rc, () -> "jdeps on " + classes + ": " + err);
        Map<String, Set<String>> g = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 3 && w[1].equals("->") && w[0].startsWith("org.mlos") && w[2].startsWith("org.mlos")
                    && !w[0].equals(w[2])) {
                g.computeIfAbsent(w[0], k -> new TreeSet<>()).add(w[2]);
            }
        }
        return g;
    }

    /** The strongly connected components of more than one package (Tarjan). */
    private static List<Set<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : g.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, g, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
