package org.mlos.bench.bridge;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.bench.BenchLine;
import org.mlos.launcher.OperatorKeys;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hosted bridge side by side with a real peer: a file fetched over HTTP from the JDK's own
 * file server ({@code jwebserver}, a process of its own serving the same folder), from a
 * {@code full} node's front (its own disk), and from a {@code web} node's front (the file read on
 * the full node through the remote stub); and a command run through the full node against the
 * same command started by the bench itself.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        description = "The hosted bridge against a real peer, in alternating rounds: GET of a file from jwebserver (the JDK's "
                + "file server, on the same folder), a full node's HTTP front and a web node's (its files on the full node, "
                + "one remote call a request), with --threads clients each on a connection of its own; then --commands runs of "
                + "'true' through the full node's front and started directly by the bench, in alternating chunks. Prints "
                + "BENCH bridge get=file size=… server=jwebserver|full|web req_s=… p50_us=… p99_us=… [ratio_vs_jwebserver=…] "
                + "[ratio_vs_full=…] and BENCH bridge command=true via=full|web ms_per_run=… direct_ms_per_run=… ratio_vs_direct=… lines.")
public final class BridgeBench implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "5", description = "rounds per size, each subject once a round (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--seconds", defaultValue = "3", description = "seconds per subject per round (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--threads", defaultValue = "4", description = "HTTP clients at once (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--sizes", defaultValue = "4096,1048576", split = ",", description = "file sizes in bytes (default ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--commands", defaultValue = "200", description = "runs of the command per side (default ${DEFAULT-VALUE})")
    int commands;

    private static final List<String> SERVERS = List.of("jwebserver", "full", "web");

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || seconds < 1 || threads < 1 || commands < 20 || sizes.stream().anyMatch(s -> s < 0 || s > (48 << 20))) {
            throw new IllegalArgumentException("--rounds, --seconds and --threads must be at least 1, --commands at least 20, "
                    + "--sizes 0 to 50331648 bytes (the bridge's ceiling)");
        }
        NodeLayout layout = NodeLayout.fromSystemProperties();
        Path work = Files.createTempDirectory("mlos-bench-bridge-");
        Path root = Files.createDirectories(work.resolve("files"));
        OperatorKeys keys = new OperatorKeys(work.resolve("keys")).ensure();
        String token = Files.readString(keys.ensureBridgeToken()).trim();
        for (int size : sizes) {
            byte[] b = new byte[size];
            new Random(size).nextBytes(b);
            Files.write(root.resolve("f-" + size + ".bin"), b);
        }
        List<String> common = List.of("--set", "mlos.cluster.name=bench-bridge-" + UUID.randomUUID().toString().substring(0, 8),
                "--set", "mlos.cluster.port=19160", "--set", OperatorKeys.SECRET_PROPERTY + "=" + keys.secret(),
                "--set", "mlos.bridge.token.file=" + keys.bridgeToken());
        List<String> fullArgs = new ArrayList<>(common);
        fullArgs.addAll(List.of("--set", "mlos.bridge.root=" + root, "--set", "mlos.bridge.commands=true"));
        Process jweb = null;
        try (NodeProcess full = NodeProcess.start(layout, "full", fullArgs, List.of(), null)) {
            int fullPort = full.awaitReady(Duration.ofSeconds(120)).port("bridge");
            try (NodeProcess web = NodeProcess.start(layout, "web", common, List.of(), null)) {
                int webPort = web.awaitReady(Duration.ofSeconds(120)).port("bridge");
                jweb = new ProcessBuilder(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jwebserver")
                        .toString(), "-b", "127.0.0.1", "-p", "0", "-d", root.toString(), "-o", "none").redirectErrorStream(true).start();
                int jwebPort = port(jweb);
                Map<String, String> bases = new LinkedHashMap<>();
                bases.put("jwebserver", "http://127.0.0.1:" + jwebPort + "/");
                bases.put("full", "http://127.0.0.1:" + fullPort + "/files/");
                bases.put("web", "http://127.0.0.1:" + webPort + "/files/");
                for (int size : sizes) {
                    gets(bases, size, token);
                }
                commands("full", fullPort, token);
                commands("web", webPort, token);
            }
        } finally {
            if (jweb != null) {
                jweb.destroy();
                jweb.waitFor(10, TimeUnit.SECONDS);
            }
            try (var s = Files.walk(work)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static int port(Process jweb) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(jweb.getInputStream(), StandardCharsets.UTF_8));
        Pattern p = Pattern.compile("port (\\d+)");
        for (String line; (line = out.readLine()) != null;) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("jwebserver ended without saying its port (exit " + jweb.waitFor() + ")");
    }

    private void gets(Map<String, String> bases, int size, String token) throws Exception {
        Map<String, List<HttpLoad.Round>> by = new LinkedHashMap<>();
        for (int r = -1; r < rounds; r++) { // round -1 warms every subject up, not counted
            for (int i = 0; i < SERVERS.size(); i++) {
                String server = SERVERS.get(Math.floorMod(r + i, SERVERS.size()));
                HttpLoad.Round round = HttpLoad.run(URI.create(bases.get(server) + "f-" + size + ".bin"), "GET", null,
                        server.equals("jwebserver") ? null : token, threads, seconds * 1000L, 200, size);
                if (r >= 0) {
                    by.computeIfAbsent(server, k -> new ArrayList<>()).add(round);
                }
            }
        }
        double peer = reqs(by.get("jwebserver"));
        double full = reqs(by.get("full"));
        for (String server : SERVERS) {
            List<HttpLoad.Round> rs = by.get(server);
            long[] lat = rs.stream().flatMapToLong(x -> Arrays.stream(x.latenciesNanos())).toArray();
            HttpLoad.Round all = new HttpLoad.Round(lat.length, 1, lat);
            BenchLine line = BenchLine.of("bridge").with("get", "file").with("size", size).with("server", server)
                    .with("req_s", reqs(rs)).with("p50_us", all.percentileMicros(0.50)).with("p99_us", all.percentileMicros(0.99));
            if (!server.equals("jwebserver")) {
                line.with("ratio_vs_jwebserver", reqs(rs) / peer);
            }
            if (server.equals("web")) {
                line.with("ratio_vs_full", reqs(rs) / full);
            }
            line.with("threads", threads).with("rounds", rounds).print();
        }
    }

    /** Requests a second over all rounds: total requests over total time. */
    private static double reqs(List<HttpLoad.Round> rounds) {
        return rounds.stream().mapToLong(HttpLoad.Round::requests).sum() / rounds.stream().mapToDouble(HttpLoad.Round::seconds).sum();
    }

    private void commands(String via, int port, String token) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/commands/true"))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        long bridged = 0;
        long direct = 0;
        int chunk = 20;
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            for (int done = -chunk; done < commands; done += chunk) { // the first chunk warms up, not counted
                long t0 = System.nanoTime();
                for (int i = 0; i < chunk; i++) {
                    var r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("\"exitCode\":0")) {
                        throw new IllegalStateException("the bridge ran true: " + r.statusCode() + " " + r.body());
                    }
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < chunk; i++) {
                    int exit = new ProcessBuilder("true").start().waitFor();
                    if (exit != 0) {
                        throw new IllegalStateException("true exited " + exit);
                    }
                }
                long t2 = System.nanoTime();
                if (done >= 0) {
                    bridged += t1 - t0;
                    direct += t2 - t1;
                }
            }
        }
        int runs = (commands + chunk - 1) / chunk * chunk;
        double ms = bridged / 1e6 / runs;
        double directMs = direct / 1e6 / runs;
        BenchLine.of("bridge").with("command", "true").with("via", via).with("ms_per_run", ms).with("direct_ms_per_run", directMs)
                .with("ratio_vs_direct", directMs / ms).with("runs", runs).print();
    }
}
