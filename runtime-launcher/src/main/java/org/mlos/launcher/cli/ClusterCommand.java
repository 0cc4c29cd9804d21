package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.mlos.cluster.api.ClusterProperties;
import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.launcher.ControlDir;
import org.mlos.launcher.NodeArguments;
import org.mlos.launcher.OperatorKeys;
import org.mlos.launcher.Processes;
import org.mlos.launcher.UnreadProperties;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.scale.BasePort;
import org.mlos.launcher.scale.ClusterProfiles;
import org.mlos.launcher.scale.LocalScaler;
import org.mlos.launcher.supervisor.ClusterFiles;
import org.mlos.launcher.supervisor.SlotFolders;
import org.mlos.launcher.supervisor.SupervisedNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mlos cluster up|down}: a local cluster of node processes on 127.0.0.1. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "A local cluster of node processes on this machine.",
        subcommands = { ClusterCommand.Up.class, ClusterDown.class })
final class ClusterCommand {

    /** Where a local cluster's nodes are listed (pid, profile, log), one per line. */
    static Path stateFile(String name) {
        return ControlDir.path().resolve("cluster").resolve(name + ".nodes");
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = { "Starts node processes that join one cluster (TCP-IP on 127.0.0.1), and returns.",
                    "Prints each node's ready line and how to reach it; the nodes run on until 'mlos cluster down'."
                            + " Every node starts, or none: if one does not, those started before it are stopped;"
                            + " a 'mlos cluster down' meanwhile waits for it to end, then stops them all."
                            + " Only profiles whose nodes join a cluster can be part of one ('minimal' and"
                            + " 'cache-standalone' never do: run them with 'mlos run').",
                    "Creates the cluster secret and the rollout signing key in $XDG_CONFIG_HOME/mlos (default"
                            + " ~/.config/mlos) if missing, and gives every node both." })
    static final class Up implements Callable<Integer> {

        @Option(names = "--nodes", defaultValue = "cache=2,worker=1", split = ",",
                description = "profile=count pairs, a count of 1 or more; a profile alone is one node (default ${DEFAULT-VALUE})")
        List<String> nodes;

        @Option(names = "--name", defaultValue = "mlos", description = "the cluster's name (default ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--set", description = "a framework property for every node, k=v (repeatable)")
        List<String> sets = new ArrayList<>();

        @Option(names = "--dashboard", description = "every node serves the web dashboard and a Prometheus endpoint"
                + " on 127.0.0.1 (as mlos run --dashboard; each node's URL in its line; token in metrics.token)")
        boolean dashboard;

        @Option(names = "--supervise", description = "run the nodes under a supervisor process that restarts a dead"
                + " node on its data folder (each node gets mlos.fault.dir of its own and, unless --set says otherwise,"
                + " mlos.fault.durability=batch)")
        boolean supervise;

        @Option(names = "--autoscale", split = ",", description = "profile=min..max: turns on the autoscaler component"
                + " of every node (one leads) to add and remove nodes of the profile within the bounds, from the load"
                + " the nodes publish; the supervisor process carries out its requests; its decisions are in"
                + " 'mlos journal tail' (off by default)")
        List<String> autoscale = new ArrayList<>();

        @Option(names = "--autoscale-set", description = "an autoscaler setting, k=v (repeatable): high.ops, low.ops,"
                + " high.cpu, low.cpu, high.queue, low.queue, samples, cooldown.ms, period.ms, request.timeout.ms, start.grace.ms"
                + " (runtime-launcher/README.md)")
        List<String> autoscaleSettings = new ArrayList<>();

        @Override
        @SuppressWarnings("try") // the lock is held for the length of the block; nothing in it refers to it
        public Integer call() throws Exception {
            NodeLayout layout = NodeLayout.fromSystemProperties();
            Map<String, Integer> counts = check(layout);
            Path state = stateFile(name);
            ControlDir.prepare();
            Files.createDirectories(state.getParent());
            // One 'cluster up' or 'cluster down' of a name at a time: two ups at once both found it down
            // and started a cluster each; a down stops what the up it waited for started. An up waits
            // as long as it takes: a down ends within its grace periods, another up once its nodes are ready.
            try (ClusterStartLock lock = ClusterStartLock.take(state.getParent(), name, ClusterStartLock.Role.UP, null,
                    System.err)) {
                return start(layout, counts, state);
            }
        }

        private int start(NodeLayout layout, Map<String, Integer> counts, Path state) throws Exception {
            if (Files.exists(state) && !alive(state).isEmpty()) {
                int up = alive(state).size();
                System.err.println("mlos: cluster " + name + " is already up (" + up + (up == 1 ? " node" : " nodes")
                        + "); 'mlos cluster down" + (name.equals("mlos") ? "" : " --name " + name) + "' first");
                return 1;
            }
            ClusterFiles files = new ClusterFiles(state.getParent(), name);
            List<SupervisedNode> spec = spec(counts, servingMemcached(layout, counts.keySet()), OperatorKeys.user().ensure(), files);
            if (ownFolders() && (!leftBehind(layout, spec, files).isEmpty() || holdsANodesOwnData())) {
                return 1;
            }
            // the node list grows as nodes start; the spec is what mlos scale starts more nodes like
            if (!new ClusterStart(layout, files, System.out, System.err).startAll(spec)) {
                return 1;
            }
            if (supervise || !autoscale.isEmpty()) {
                long pid = startSupervisor(layout, state.getParent());
                System.out.println("supervisor pid " + pid + ":" + (supervise ? " restarts a dead node on its data folder;" : "")
                        + (autoscale.isEmpty() ? "" : " carries out the autoscaler's scale requests;") + " log "
                        + state.getParent().resolve(name + "-supervisor.log"));
            }
            if (!autoscale.isEmpty()) {
                System.out.println("autoscaler on every node (" + String.join(", ", autoscale) + "; one leads): its decisions"
                        + " and their outcomes are journaled on the leading node, 'mlos journal tail --node <pid>'");
            }
            System.out.println("cluster " + name + " is up: 'mlos nodes' shows its registry, 'mlos swap <kind> <impl> --cluster'"
                    + " swaps across it, 'mlos cluster down" + (name.equals("mlos") ? "" : " --name " + name) + "' stops it");
            return 0;
        }

        /**
         * Whether each node gets a data folder of its own: a supervised node is restarted on it, the
         * autoscaler journals its decisions in it, and a folder the user gives is never one for every
         * node: the second node on it journaled nothing (the first held the journal's lock), a
         * durable second one ended the up.
         */
        private boolean ownFolders() {
            return supervise || !autoscale.isEmpty() || SlotFolders.given(sets).isPresent();
        }

        /**
         * Whether the folder given as {@code mlos.fault.dir} is one node's own data folder (a node
         * run with it: {@code store/}, {@code journal/}), said: each node of the up gets a folder
         * below it, so that data would be served by none, without a word (a reviewer's).
         */
        private boolean holdsANodesOwnData() {
            Path given = SlotFolders.given(sets).orElse(null);
            if (given == null || !(Files.isDirectory(given.resolve("store")) || Files.isDirectory(given.resolve("journal")))) {
                return false;
            }
            System.err.println("mlos: cluster " + name + " is not started: " + given + " holds a node's own data (store/,"
                    + " journal/: a node run with --set mlos.fault.dir=" + given + "), which no node of this up would serve:"
                    + " each gets a folder of its own below it (" + SlotFolders.of(given, name, "<slot>") + "). To serve it from"
                    + " a node, move it into that node's folder (" + SlotFolders.of(given, name, "cache-1") + "), or give"
                    + " another folder");
            return true;
        }

        /**
         * The data folders an earlier up of this cluster left that this one would not serve, said
         * (none when empty): a smaller up's, whose items a later node in their slot would serve
         * stale, and ones an earlier up put in the cluster's folder when this one is given
         * {@code mlos.fault.dir} (an up before that setting was honoured), which it would not find.
         */
        private List<Path> leftBehind(NodeLayout layout, List<SupervisedNode> spec, ClusterFiles files) throws IOException {
            java.util.Set<String> slots = new java.util.HashSet<>();
            spec.forEach(n -> slots.add(n.slot()));
            Path base = SlotFolders.base(sets, files.dir());
            List<Path> left = SlotFolders.leftBehind(List.of(base, files.dir()), name,
                    org.mlos.launcher.scale.ClusterProfiles.built(layout.images()), slots);
            if (!left.isEmpty()) {
                boolean unstarted = left.stream().anyMatch(p -> p.getParent().equals(base));
                boolean elsewhere = left.stream().anyMatch(p -> !p.getParent().equals(base));
                System.err.println("mlos: cluster " + name + " is not started: data folders of its slots are there that this up"
                        + " would not serve:\n  " + left.stream().map(Path::toString).collect(java.util.stream.Collectors
                                .joining("\n  ")) + "\n"
                        + (unstarted ? "A folder in " + base + " is a slot this up does not start (an earlier up had more"
                                + " nodes): no node would serve its items, and a later node in that slot (mlos scale) would"
                                + " serve them stale, what the others delete or overwrite meanwhile back. Start as many nodes"
                                + " as the folders name, or move them out of the way (mv <folder> <folder>.old) to start"
                                + " without their items. " : "")
                        + (elsewhere ? "A folder in " + files.dir() + " is where an earlier up put it, though mlos.fault.dir"
                                + " was given: move it into " + base + ", or out of the way. " : "")
                        + "Then run 'mlos cluster up --name " + name + " …' again");
            }
            return left;
        }

        /**
         * Everything the user gave, checked before any node starts (a mistake found by the second
         * node left the first running): the profiles (built, and joining a cluster), the autoscaler's
         * rules and settings, and the node arguments as each node would check them.
         */
        private Map<String, Integer> check(NodeLayout layout) throws IOException {
            Map<String, Integer> given = parse(nodes);
            ClusterProfiles.requireJoining(layout.images(), given.keySet(), "--nodes");
            Map<String, Integer> counts = ClusterProfiles.hostsFirst(layout.images(), given);
            List<String> scaled = new ArrayList<>();
            List<AutoscaleRule> rules = AutoscaleRule.parseAll(autoscale);
            for (AutoscaleRule r : rules) {
                scaled.add(r.profile());
            }
            requireRoomToScale(rules, counts);
            requireFreeMetricsPorts(counts.values().stream().mapToInt(Integer::intValue).sum() + rules.size());
            ClusterProfiles.requireJoining(layout.images(), scaled, "--autoscale");
            AutoscaleSettings.parse(autoscaleSettings);
            Set<String> withPort = servingMemcached(layout, counts.keySet());
            BasePort.requireRoom(BasePort.givenIn(sets), counts.entrySet().stream().filter(e -> withPort.contains(e.getKey()))
                    .mapToInt(Map.Entry::getValue).sum());
            for (String profile : counts.keySet()) {
                NodeArguments.check(profile, nodeArgs(withPort.contains(profile), List.of(), List.of()));
            }
            // each node tells a typo in its own log only: said here once, where the operator looks
            List<String> keys = sets.stream().map(x -> x.split("=", 2)[0].trim()).toList();
            for (String line : UnreadProperties.readByNoProfile(layout.images(), keys, counts.keySet().iterator().next())) {
                System.err.println("mlos: warning: " + line);
            }
            return counts;
        }

        /**
         * Refuses one dashboard port for several nodes: {@code --dashboard --set mlos.metrics.port=N}
         * gave every node N, the second failed to listen, and the up ended on "BindException:
         * Address already in use", naming no port (an outsider's).
         */
        void requireFreeMetricsPorts(int nodes) {
            String port = null;
            for (String s : sets) {
                if (s.startsWith(LocalScaler.METRICS_PORT + "=")) {
                    port = s.substring(LocalScaler.METRICS_PORT.length() + 1).trim();
                }
            }
            if (dashboard && nodes > 1 && port != null && !port.equals("0")) {
                throw new IllegalArgumentException("--set " + LocalScaler.METRICS_PORT + "=" + port + " would give every node's"
                        + " dashboard that one port, and all but the first would fail to listen: leave it out (each node takes a free"
                        + " one, and its line names its dashboard's URL)");
            }
        }

        /**
         * Refuses an autoscaler's max the cluster's members cannot reach: they find each other on
         * {@code mlos.cluster.port.count} ports (20 unless --set), one member each, so nodes beyond
         * them never join (an outsider's {@code cache=1..99999} was accepted).
         */
        void requireRoomToScale(List<AutoscaleRule> rules, Map<String, Integer> counts) {
            int ports = 20;
            for (String s : sets) {
                if (s.startsWith(ClusterProperties.PORT_COUNT + "=")) {
                    try {
                        ports = Integer.parseInt(s.substring(ClusterProperties.PORT_COUNT.length() + 1).trim());
                    } catch (NumberFormatException e) {
                        return; // the node's own check of the setting says what is wrong with it
                    }
                }
            }
            Map<String, Integer> most = new LinkedHashMap<>(counts);
            for (AutoscaleRule r : rules) {
                most.put(r.profile(), r.max());
            }
            int total = most.values().stream().mapToInt(Integer::intValue).sum();
            if (total > ports) {
                throw new IllegalArgumentException("--autoscale " + String.join(",", autoscale) + " lets the cluster grow to "
                        + total + " nodes " + most + ", but its members find each other on " + ports + " ports ("
                        + ClusterProperties.PORT_COUNT + "), one node each: lower the max, or give more ports with --set "
                        + ClusterProperties.PORT_COUNT + "=" + total);
            }
        }

        private static Set<String> servingMemcached(NodeLayout layout, Set<String> profiles) throws IOException {
            Set<String> out = new HashSet<>();
            for (String p : profiles) {
                if (ClusterProfiles.servesMemcached(layout.images(), p)) {
                    out.add(p);
                }
            }
            return out;
        }

        /**
         * How each node starts: its slot (cache-1), profile and arguments; kept for restarts and mlos scale.
         *
         * @param withPort the profiles whose nodes serve memcached, each on a port of its own
         */
        private List<SupervisedNode> spec(Map<String, Integer> counts, Set<String> withPort, OperatorKeys keys, ClusterFiles files) {
            boolean durabilityGiven = sets.stream().anyMatch(x -> x.startsWith("mlos.fault.durability="));
            int port = BasePort.givenIn(sets); // 0: each memcached node takes a free one
            boolean freePort = port == 0;
            List<SupervisedNode> spec = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                for (int i = 1; i <= e.getValue(); i++) {
                    String slot = e.getKey() + "-" + i;
                    List<String> data = new ArrayList<>();
                    if (port > 0 && withPort.contains(e.getKey())) {
                        data.addAll(BasePort.at(List.of(), port++));
                    }
                    if (ownFolders()) {
                        // a data folder of its own: the autoscaler journals its decisions there (mlos journal tail)
                        data.addAll(List.of("--set", SupervisedNode.DATA_DIR + SlotFolders.of(SlotFolders.base(sets, files.dir()), name,
                                slot)));
                        if (supervise && !durabilityGiven) {
                            data.addAll(List.of("--set", "mlos.fault.durability=batch"));
                        }
                    }
                    spec.add(new SupervisedNode(slot, e.getKey(), nodeArgs(withPort.contains(e.getKey()) && freePort, List.of("--set", OperatorKeys.SECRET_PROPERTY
                            + "=" + keys.secret(), "--set", OperatorKeys.TRUSTED_PROPERTY + "=" + keys.publicKey()), data)));
                }
            }
            return spec;
        }

        /**
         * A node's arguments, in the order that decides which wins (the last): its own port if it
         * serves memcached ({@code ownPort}: the nodes of one machine cannot share 11211), the
         * cluster's name and {@code keys}, the user's --set (which may name other keys), the
         * autoscaler's, then the node's {@code data} folder.
         */
        List<String> nodeArgs(boolean ownPort, List<String> keys, List<String> data) {
            List<String> args = new ArrayList<>();
            if (ownPort) {
                args.addAll(ClusterProfiles.OWN_PORT);
            }
            args.addAll(List.of("--set", "mlos.cluster.name=" + name));
            if (dashboard) {
                // a node started only to watch would join the ring with an empty store (an outsider's did)
                args.add("--dashboard");
            }
            args.addAll(keys);
            for (String s : sets) {
                args.addAll(List.of("--set", s));
            }
            args.addAll(autoscaleArgs());
            args.addAll(data);
            return args;
        }

        /** The node arguments that turn the autoscaler component on: its rules and settings as framework properties. */
        private List<String> autoscaleArgs() {
            List<String> out = new ArrayList<>();
            if (autoscale.isEmpty()) {
                return out;
            }
            out.addAll(List.of("--set", AutoscaleRule.PROPERTY + "=" + String.join(",", autoscale)));
            for (String kv : autoscaleSettings) {
                String[] f = kv.split("=", 2); // checked by AutoscaleSettings.parse before any node starts
                out.addAll(List.of("--set", AutoscaleSettings.PREFIX + f[0].trim() + "=" + f[1].trim()));
            }
            return out;
        }

        private long startSupervisor(NodeLayout layout, Path dir) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(layout.java());
            cmd.addAll(layout.jvmOptions());
            cmd.addAll(List.of("-Xmx64m", "-Dmlos.root=" + layout.root(), "-Dmlos.java=" + layout.java(), "-cp",
                    layout.classPath(), SupervisorProcess.class.getName(), name, dir.toString()));
            if (supervise) {
                cmd.add(SupervisorProcess.RESTART);
            }
            if (!autoscale.isEmpty()) {
                cmd.add(SupervisorProcess.SCALE);
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + "-supervisor.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Files.writeString(SupervisedNode.pidFile(dir, name), Long.toString(p.pid()));
            return p.pid();
        }

        static Map<String, Integer> parse(List<String> spec) {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String s : spec) {
                String[] kv = s.split("=");
                try {
                    int n = kv.length == 1 ? 1 : Integer.parseInt(kv[1].trim());
                    if (n < 1 || kv.length > 2 || kv[0].isBlank()) {
                        throw new NumberFormatException();
                    }
                    out.merge(kv[0].trim(), n, Integer::sum);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--nodes takes profile=count pairs, a count of 1 or more (a profile"
                            + " alone is one node), e.g. cache=2,worker=1; got '" + s + "'");
                }
            }
            return out;
        }
    }

    /** The listed nodes still running ({@link Processes#node}: a pid reused by another program is not ours). */
    static List<ProcessHandle> alive(Path state) throws IOException {
        List<ProcessHandle> out = new ArrayList<>();
        for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
            long pid = Long.parseLong(line.split(" ", 3)[0]);
            if (Processes.node(pid)) {
                ProcessHandle.of(pid).ifPresent(out::add);
            }
        }
        return out;
    }
}
