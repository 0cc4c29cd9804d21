package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node stopped by SIGTERM exited 143 and by SIGINT 130, which a service manager counts as a
 * failure of a stop it asked for; SIGUSR1 (memcached's graceful stop) killed it with 138, and
 * SIGHUP (a closed terminal, a reload hook) ended it: memcached exits 0 on the first three and
 * ignores the last. A JVM that installs {@link SignalExits}, as a node does, answers alike, and
 * its shutdown hook (where a node stops its framework) still runs.
 */
@Timeout(120)
class SignalsEndTheNodeAsMemcachedTest {

    /** A JVM with a shutdown hook, as a node has, and the node's signal handlers. */
    public static final class ProbeMain {
        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
            SignalExits.install();
            System.out.println("ready");
            Thread.sleep(100_000);
            System.exit(7);
        }
    }

    @Test
    void termIntAndUsr1StopCleanlyWithStatusZero() throws Exception {
        for (String signal : List.of("TERM", "INT", "USR1")) {
            Probe p = probe();
            signal(p.process, signal);
            assertEquals(0, exit(p.process), "after SIG" + signal);
            assertTrue(rest(p.out).contains("hook ran"), "the shutdown hook ran after SIG" + signal);
        }
    }

    @Test
    void hupIsIgnored() throws Exception {
        Process p = probe().process;
        signal(p, "HUP");
        signal(p, "TERM"); // handled after the HUP: had the HUP ended the JVM, its status would be 129
        assertEquals(0, exit(p), "a SIGHUP ended the process");
    }

    private record Probe(Process process, BufferedReader out) {
    }

    private static Probe probe() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                ProbeMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = reader(p);
        String line = r.readLine();
        assertEquals("ready", line, "the probe did not start");
        return new Probe(p, r);
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + name);
    }

    private static int exit(Process p) throws InterruptedException {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
        return p.exitValue();
    }

    private static String rest(BufferedReader out) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            b.append(line).append('\n');
        }
        return b.toString();
    }
}
