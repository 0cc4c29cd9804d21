package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code mlos run} sizes a cache node in shell (a JVM started only to size another would cost
 * every boot); its figures must be {@link NodeSizing}'s, which sizes the nodes tests and
 * {@code cluster up} start.
 */
class ScriptSizingTest {

    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).resolve("../mlos");

    @Test
    void theScriptSizesAsNodeSizingDoes() throws Exception {
        assumeTrue(Files.isRegularFile(SCRIPT) && Files.isExecutable(Path.of("/bin/bash")), "needs bash and the mlos script");
        String[][] cases = { { "cache" }, { "cache", "-m", "32", "-c", "4096", "-p", "0" }, { "--port", "0", "cache", "-m32", "-c10" },
                { "cache", "--memory-limit=1024", "--conn-limit", "10" },
                { "cache", "--set", "mlos.mem.store.capacity.mb=48", "--set", "mlos.memcached.max.connections=2000" },
                { "cache", "-m", "32", "--set", "mlos.mem.store.capacity.mb=48" }, { "worker", "-m", "32" },
                { "cache", "--set", "mlos.kind.KeyValueStore=heap" }, { "cache", "--set", "mlos.kind.KeyValueStore=slab" },
                { "cache-standalone", "-m", "1024" },
                { "cache", "-m", "64", "-I", "32m", "--set", "mlos.kind.KeyValueStore=lru" }, { "cache", "-m", "64", "-I", "1m" },
                { "cache", "-m", "64", "-I", "1025k", "--set", "mlos.kind.KeyValueStore=heap" },
                { "cache", "-m", "64", "-I4M", "--set", "mlos.kind.KeyValueStore=heap" },
                { "cache", "-m", "64", "--max-item-size=3145729", "--set", "mlos.kind.KeyValueStore=heap" },
                { "cache", "-m", "64", "--max-item-size", "2m", "--set", "mlos.kind.KeyValueStore=log" },
                { "cache", "-m", "64", "--set", "mlos.memcached.item.max=8388608", "--set", "mlos.kind.KeyValueStore=lru" },
                // options with a value before the profile: their value is not the profile
                { "-t", "4", "-P", "/tmp/x.pid", "-u", System.getProperty("user.name"), "-U", "0", "-o", "modern", "-b", "128",
                        "-B", "auto", "-f", "1.25", "--threads", "4", "cache", "-m", "32" },
                { "-s", "/tmp/memcached.sock", "-a", "770", "--unix-socket", "/tmp/m.sock", "--unix-mask", "700",
                        "cache-standalone", "-m", "48" } };
        for (String[] c : cases) {
            List<String> args = Arrays.asList(c);
            String profile = args.contains("cache") ? "cache" : args.contains("cache-standalone") ? "cache-standalone"
                    : args.contains("worker") ? "worker" : c[0];
            List<String> rest = new ArrayList<>(args);
            rest.remove(profile);
            assertEquals(NodeSizing.jvmOptions(profile, rest, List.of()), script(args, ""), args.toString());
        }
        assertEquals(NodeSizing.jvmOptions("cache", List.of(), List.of("-Xmx2g")), script(List.of("cache"), "-Xmx2g"));
        assertEquals(NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:+UseG1GC")), script(List.of("cache"), "-XX:+UseG1GC"));
        assertEquals(NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:MaxDirectMemorySize=1g")),
                script(List.of("cache"), "-Dx=y -XX:MaxDirectMemorySize=1g"));
        assertEquals(NodeSizing.jvmOptions("cache", List.of(), List.of("-XX:TrimNativeHeapInterval=0")),
                script(List.of("cache"), "-XX:TrimNativeHeapInterval=0"));
    }

    /** The options the script's node_sizing prints for {@code args}, with MLOS_JAVA_OPTS set to {@code user}. */
    private static List<String> script(List<String> args, String user) throws IOException, InterruptedException {
        String function = extract(Files.readString(SCRIPT));
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", function + "\nnode_sizing \"$@\"", "sizing"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("MLOS_JAVA_OPTS", user);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\s+"));
    }

    private static String extract(String script) {
        int start = script.indexOf("node_sizing() {");
        int end = script.indexOf("\n}\n", start);
        return script.substring(start, end + 3);
    }
}
