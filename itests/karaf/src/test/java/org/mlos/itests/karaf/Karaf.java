package org.mlos.itests.karaf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Apache Karaf, unpacked from its distribution into a folder of its own and run on a given
 * JDK as a separate process: SSH and RMI on free ports of 127.0.0.1, a user with a random
 * password, and Maven artifacts read only from the folders named (no network, not ~/.m2).
 * {@link #close()} stops it, and kills it if it does not stop.
 */
final class Karaf implements AutoCloseable {

    /** How many one-second attempts a shell command gets while Karaf is still starting. */
    private static final int COMMAND_ATTEMPTS = 120;

    private final Path home;
    private final Path javaHome;
    private final int sshPort;
    private final String password;
    private final Path log;
    private Process process;

    private Karaf(Path home, Path javaHome, int sshPort, String password) {
        this.home = home;
        this.javaHome = javaHome;
        this.sshPort = sshPort;
        this.password = password;
        this.log = home.resolve("karaf.out");
    }

    /**
     * Unpacks the distribution into {@code work} (emptied first) and configures what every test
     * needs: SSH and RMI on free ports of 127.0.0.1, a user, Maven artifacts from
     * {@code mavenRepository} and Karaf's own system folder only.
     */
    static Karaf unpack(Path distribution, Path work, Path javaHome, Path mavenRepository)
            throws IOException, InterruptedException {
        deleteTree(work);
        Files.createDirectories(work);
        run(work, List.of("tar", "xzf", distribution.toString(), "-C", work.toString()));
        Path home;
        try (var s = Files.list(work)) {
            home = s.filter(p -> p.getFileName().toString().startsWith("apache-karaf")).findFirst()
                    .orElseThrow(() -> new IOException("no apache-karaf folder in " + distribution));
        }
        int ssh = freePort();
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path etc = home.resolve("etc");
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort\\s*=.*", "sshPort = " + ssh);
        replaceLine(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost\\s*=.*", "sshHost = 127.0.0.1");
        Path mgmt = etc.resolve("org.apache.karaf.management.cfg");
        replaceLine(mgmt, "rmiRegistryPort\\s*=.*", "rmiRegistryPort = " + freePort());
        replaceLine(mgmt, "rmiServerPort\\s*=.*", "rmiServerPort = " + freePort());
        replaceLine(mgmt, "rmiRegistryHost\\s*=.*", "rmiRegistryHost = 127.0.0.1");
        replaceLine(mgmt, "rmiServerHost\\s*=.*", "rmiServerHost = 127.0.0.1");
        Files.writeString(etc.resolve("users.properties"), "karaf = " + password + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        Path emptyLocal = work.resolve("m2-local");
        Files.createDirectories(emptyLocal);
        Files.writeString(etc.resolve("org.ops4j.pax.url.mvn.cfg"), String.join("\n",
                "org.ops4j.pax.url.mvn.useFallbackRepositories = false",
                "org.ops4j.pax.url.mvn.offline = true",
                "org.ops4j.pax.url.mvn.localRepository = " + emptyLocal,
                "org.ops4j.pax.url.mvn.defaultRepositories = ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                        + mavenRepository.toUri() + "@id=mlos.staged@snapshots",
                "org.ops4j.pax.url.mvn.repositories =", ""));
        return new Karaf(home, javaHome, ssh, password);
    }

    /** Appends lines to etc/system.properties (system properties, which OSGi code also reads as framework properties). */
    Karaf systemProperties(List<String> lines) throws IOException {
        return append(home.resolve("etc/system.properties"), lines);
    }

    /** Appends lines to etc/custom.properties, where a Karaf user overrides etc/config.properties (framework properties). */
    Karaf customProperties(List<String> lines) throws IOException {
        return append(home.resolve("etc/custom.properties"), lines);
    }

    /** Appends lines to bin/setenv, the shell file every Karaf script reads first (JAVA_OPTS, EXTRA_JAVA_OPTS). */
    Karaf setenv(List<String> lines) throws IOException {
        return append(home.resolve("bin/setenv"), lines);
    }

    /** Replaces a line of an etc/ file: {@code regex} must match a whole line. */
    Karaf replaceEtcLine(String file, String regex, String line) throws IOException {
        replaceLine(home.resolve("etc").resolve(file), regex, line);
        return this;
    }

    /**
     * A framework property of etc/config.properties as Karaf ships it (a backslash-continued
     * list joined into one line), for a test that extends it in etc/custom.properties.
     */
    String shippedFrameworkProperty(String name) throws IOException {
        String text = Files.readString(home.resolve("etc/config.properties")).replaceAll("\\\\\\R\\s*", "");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*=\\s*(.*)$").matcher(text);
        if (!m.find()) {
            throw new IOException("no " + name + " in etc/config.properties");
        }
        return m.group(1).trim();
    }

    Path home() {
        return home;
    }

    private Karaf append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, "\n" + String.join("\n", lines) + "\n", java.nio.file.StandardOpenOption.APPEND);
        return this;
    }

    void start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("EXTRA_JAVA_OPTS");
        process = pb.start();
    }

    /**
     * Runs a shell command through Karaf's own SSH client (bin/client), retrying while SSH is not
     * up yet or the command's bundle not yet started; returns what it printed. The command goes in
     * batch mode (-b, on standard input): without a terminal, bin/client given the command as an
     * argument prints nothing but "Closed". In batch mode a command's return value is not printed
     * either, only what it writes: wrap a command that returns its text as {@code echo (cmd)}.
     */
    String shell(String command) throws IOException, InterruptedException {
        return shell(command, true);
    }

    /**
     * Several commands in one session (one client JVM, seconds less on a busy machine); what they
     * printed, in order. The first that fails ends the session and fails the call.
     */
    String shell(String first, String... more) throws IOException, InterruptedException {
        return shell(first + (more.length == 0 ? "" : "\n" + String.join("\n", more)), true);
    }

    /** {@link #shell(String)} for a command expected to fail: what it printed, whatever its exit code. */
    String shellAllowingFailure(String command) throws IOException, InterruptedException {
        return shell(command, false);
    }

    private String shell(String command, boolean mustSucceed) throws IOException, InterruptedException {
        String out = "";
        for (int attempt = 0; attempt < COMMAND_ATTEMPTS; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Karaf exited (" + process.exitValue() + "): " + tail());
            }
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/client").toString(), "-h", "127.0.0.1",
                    "-a", String.valueOf(sshPort), "-u", "karaf", "-p", password, "-b")
                    .directory(home.toFile()).redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", javaHome.toString());
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            }
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            boolean notYet = out.contains("Command not found") || out.contains("Connection refused")
                    || out.contains("Unable to connect") || out.contains("Authentication failed")
                    || out.contains("ConnectException") || out.contains("Failed to get the session");
            if ((rc == 0 || !mustSucceed) && !notYet) {
                return out;
            }
            if (!notYet) {
                throw new IllegalStateException("'" + command + "' failed (exit " + rc + "): " + out);
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("'" + command + "' did not run in " + COMMAND_ATTEMPTS + " attempts: " + out
                + "\nKaraf's output: " + tail());
    }

    /** The last lines of Karaf's console output and log, for failure messages. */
    String tail() {
        StringBuilder b = new StringBuilder();
        for (Path p : List.of(log, home.resolve("data/log/karaf.log"))) {
            try {
                List<String> lines = Files.readAllLines(p);
                b.append("\n--- ").append(p).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            } catch (IOException e) {
                b.append("\n--- ").append(p).append(": ").append(e);
            }
        }
        return b.toString();
    }

    /** Karaf's whole log, data/log/karaf.log. */
    String log() throws IOException {
        return Files.readString(home.resolve("data/log/karaf.log"));
    }

    long pid() {
        return process.pid();
    }

    /**
     * Stops Karaf with bin/stop (its shutdown port: no shell needed, so this works where the shell
     * does not), and kills its process tree if it has not ended within a minute.
     */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                stop();
            }
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // kill it below, and let the caller see the interrupt
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void stop() throws InterruptedException {
        try {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JAVA_HOME", javaHome.toString());
            Process stop = pb.start();
            if (!stop.waitFor(60, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("karaf: bin/stop failed, killing it: " + e.getMessage());
        }
    }

    /** Whether Karaf's process still runs. */
    boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * A port free now, below the kernel's ephemeral range: a port the kernel picked (bind to 0)
     * is one it also gives to outgoing connections, and CI once saw Karaf's memcached server find
     * its port taken that way ("Address already in use") between this choice and its bind.
     */
    static int freePort() throws IOException {
        int below = ephemeralLow();
        java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = rnd.nextInt(10_000, below);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // another server has it: try another
            }
        }
        throw new IOException("no free port between 10000 and " + below + " on 127.0.0.1 in 200 tries");
    }

    /** The first port of /proc/sys/net/ipv4/ip_local_port_range (32768 where it cannot be read). */
    private static int ephemeralLow() {
        // one read of the whole line: Files.readString reads a sysctl file a byte first and got "3"
        try (java.io.BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            int low = Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
            return low > 11_000 ? low : 32_768;
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }

    private static void replaceLine(Path file, String regex, String line) throws IOException {
        String text = Files.readString(file);
        Matcher m = Pattern.compile("(?m)^" + regex + "$").matcher(text);
        if (!m.find()) {
            throw new IOException("no line matching " + regex + " in " + file);
        }
        Files.writeString(file, m.replaceAll(Matcher.quoteReplacement(line)));
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
