package org.mlos.launcher.scale;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * The autoscaler of a local cluster ({@code mlos cluster up --autoscale cache=1..3}), a process
 * of its own beside the nodes, as the supervisor is: it starts and stops node processes, which
 * no node should own. Every {@code period.ms} it asks a node of the cluster for every node's
 * load ({@code scale loads}: the figures each node publishes about itself), lets the
 * {@link ScalePolicy} decide per profile, logs each decision with the figures that drove it
 * ({@code <name>-autoscaler.log}), and carries out a change with {@link LocalScaler}, as
 * {@code mlos scale} would. Off unless {@code --autoscale} is given.
 *
 * <p>Arguments: the cluster's name, its folder, then {@code --rule profile=min..max} and
 * {@code --set k=v} (see {@link ScalePolicy.Settings}).
 */
public final class AutoscalerProcess {

    private final ClusterFiles files;
    private final List<AutoscaleRule> rules;
    private final ScalePolicy policy;
    private final LocalScaler scaler;
    private long decisions;
    private long changes;

    AutoscalerProcess(ClusterFiles files, List<AutoscaleRule> rules, ScalePolicy policy, LocalScaler scaler) {
        this.files = files;
        this.rules = rules;
        this.policy = policy;
        this.scaler = scaler;
    }

    public static long start(NodeLayout layout, ClusterFiles files, List<String> rules, List<String> settings)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(layout.java());
        cmd.addAll(layout.jvmOptions());
        cmd.addAll(List.of("-Xmx64m", "-Dmlos.root=" + layout.root(), "-Dmlos.java=" + layout.java(), "-cp",
                layout.classPath(), AutoscalerProcess.class.getName(), files.name(), files.dir().toString()));
        for (String r : rules) {
            cmd.addAll(List.of("--rule", r));
        }
        for (String s : settings) {
            cmd.addAll(List.of("--set", s));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(files).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Files.writeString(files.autoscalerPid(), Long.toString(p.pid()));
        return p.pid();
    }

    public static Path log(ClusterFiles files) {
        return files.dir().resolve(files.name() + "-autoscaler.log");
    }

    /** Stops the cluster's autoscaler, if it has one (before the nodes: it would replace them). */
    public static void stop(ClusterFiles files) throws IOException {
        Path pid = files.autoscalerPid();
        if (!Files.exists(pid)) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        Files.delete(pid);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AutoscalerProcess <cluster name> <state folder> [--rule p=min..max]... [--set k=v]...");
            System.exit(2);
        }
        List<String> rules = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            (args[i].equals("--rule") ? rules : sets).add(args[i + 1]);
        }
        ClusterFiles files = new ClusterFiles(Path.of(args[1]), args[0]);
        ScalePolicy policy = new ScalePolicy(ScalePolicy.Settings.parse(sets));
        LocalScaler scaler = new LocalScaler(NodeLayout.fromSystemProperties(), files, 1500, AutoscalerProcess::say);
        new AutoscalerProcess(files, AutoscaleRule.parseAll(rules), policy, scaler).run();
    }

    private void run() throws InterruptedException {
        say("autoscaling cluster " + files.name() + ": " + rules + " settings " + policy.settings().asArgs());
        while (true) {
            try {
                tick(System.currentTimeMillis());
            } catch (IOException | RuntimeException e) {
                say("no decision this period: " + e.getMessage());
            }
            Thread.sleep(policy.settings().periodMs());
        }
    }

    /** One period: a decision per rule, carried out. */
    void tick(long nowMs) throws IOException, InterruptedException {
        List<org.mlos.launcher.supervisor.ClusterFiles.Entry> running = scaler.running();
        List<NodeFigures> loads = null;
        IOException last = null;
        for (org.mlos.launcher.supervisor.ClusterFiles.Entry e : running) {
            try {
                String reply = NodeRequests.request(e.profile(), e.pid(), "scale loads");
                if (!reply.startsWith("error")) {
                    loads = NodeFigures.parse(reply);
                    break;
                }
            } catch (IOException ex) {
                last = ex;
            }
        }
        if (loads == null) {
            throw new IOException("no node of the cluster answered 'scale loads'" + (last == null ? "" : ": " + last.getMessage()));
        }
        for (AutoscaleRule rule : rules) {
            List<NodeFigures> serving = new ArrayList<>();
            for (NodeFigures f : loads) {
                if (f.profile().equals(rule.profile()) && f.serving() && listed(running, f.pid())) {
                    serving.add(f);
                }
            }
            ScalePolicy.Decision d = policy.decide(rule, serving, nowMs);
            decisions++;
            say(d.line() + " decisions=" + decisions + " changes=" + changes + figures(serving));
            if (d.change() != 0) {
                changes++;
                try {
                    LocalScaler.Result r = scaler.change(rule.profile(), d.change());
                    say("changed profile=" + rule.profile() + " nodes=" + r.before() + "->" + r.after() + " moved="
                            + r.moved() + " ms=" + r.millis() + " changes=" + changes);
                } catch (IOException | RuntimeException e) {
                    say("change failed profile=" + rule.profile() + ": " + e.getMessage());
                }
            }
        }
    }

    private static boolean listed(List<org.mlos.launcher.supervisor.ClusterFiles.Entry> running, long pid) {
        for (org.mlos.launcher.supervisor.ClusterFiles.Entry e : running) {
            if (e.pid() == pid) {
                return true;
            }
        }
        return false;
    }

    private static String figures(List<NodeFigures> nodes) {
        StringBuilder sb = new StringBuilder(" figures=[");
        for (NodeFigures f : nodes) {
            sb.append(String.format(java.util.Locale.ROOT, " pid=%d ops=%.1f cpu=%.3f%s", f.pid(), f.ops(), f.cpu(),
                    f.injected() ? " injected" : ""));
        }
        return sb.append(" ]").toString();
    }

    static void say(String line) {
        System.out.println(Instant.now() + " mlos-autoscaler: " + line);
        System.out.flush();
    }
}
