package org.mlos.cluster.autoscale;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.api.scale.AutoscaleRule;
import org.mlos.cluster.api.scale.AutoscaleSettings;
import org.mlos.cluster.node.LocalNode;
import org.mlos.cluster.scale.LoadBoard;
import org.mlos.core.api.KernelJson;
import org.mlos.core.api.NodeCommand;
import org.mlos.core.api.NodeEvents;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/**
 * The cluster's autoscaler, a component of every cluster node and off unless the framework
 * property {@value AutoscaleRule#PROPERTY} gives rules ({@code cache=1..3}; settings
 * {@code mlos.autoscale.<k>}, see {@link AutoscaleSettings}, the start grace among them: see
 * {@link StartGrace}). Where several nodes have it on, one
 * leads: the one holding the lock {@value #LEADER_KEY} of map {@value #LEADER_MAP} (Hazelcast
 * releases a member's locks when it leaves, so another takes over). Every {@code period.ms} the
 * leader reads the nodes' loads (their {@link LoadBoard}), decides ({@link ScalePolicy}) and
 * asks for a change with a sealed {@link ScaleRequest}: a node process cannot start node
 * processes, so the local cluster's supervisor, which owns them, carries it out and reports the
 * outcome. Decisions, requests and outcomes go to the node's journal ({@link NodeEvents}, source
 * {@value AutoscaleLoop#SOURCE}: {@code mlos journal tail}), so only a node that journals (node
 * events and {@value #JOURNAL_DIR}) tries to lead.
 *
 * <p>On the control socket: {@code autoscale status}, {@code autoscale requests} (the pending
 * requests, for the executor: any node answers, autoscaler on or off) and {@code autoscale
 * outcome <id> <profile> done|failed|refused [before=n after=n moved=n ms=n] [detail…]}.
 */
@Component(service = NodeCommand.class, property = NodeCommand.NAME + "=autoscale", immediate = true)
public final class Autoscaler implements NodeCommand {

    static final String LEADER_MAP = "mlos.autoscale.leader";
    static final String LEADER_KEY = "leader";
    static final String USAGE = "usage: autoscale status | autoscale requests | autoscale outcome <id> <profile>"
            + " done|failed|refused [before=n after=n moved=n ms=n] [detail...]";
    private static final System.Logger LOG = System.getLogger(Autoscaler.class.getName());

    @Reference
    private HazelcastInstance instance;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeEvents nodeEvents;

    /** The fault services' data folder property: where a node has one, its {@link NodeEvents} are journaled. */
    static final String JOURNAL_DIR = "mlos.fault.dir";

    private ScaleRequests board;
    private boolean journals;
    private AutoscaleLoop loop;
    private ScheduledExecutorService timer;
    private IMap<String, String> leader;

    @Activate
    void activate(BundleContext context) {
        LocalNode local = LocalNode.of(instance);
        board = new ScaleRequests(local);
        List<AutoscaleRule> rules = AutoscaleRule.parseProperty(context.getProperty(AutoscaleRule.PROPERTY));
        if (rules.isEmpty()) {
            return; // off by default
        }
        AutoscaleSettings settings = AutoscaleSettings.from(context::getProperty);
        leader = instance.getMap(LEADER_MAP);
        String dir = context.getProperty(JOURNAL_DIR);
        journals = dir != null && !dir.isBlank();
        // only a node that journals may lead: its decisions must be found in mlos journal tail
        loop = new AutoscaleLoop(rules, settings, board, () -> LoadBoard.read(local),
                () -> journals && nodeEvents != null && leader.tryLock(LEADER_KEY), this::journal, local.id());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlos-autoscaler"); // one thread: Hazelcast's lock belongs to the thread that took it
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, settings.periodMs(), settings.periodMs(), TimeUnit.MILLISECONDS);
        LOG.log(journals ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "autoscaler on: " + rules + " "
                + settings.asArgs() + (journals ? "" : "; this node has no journal (" + JOURNAL_DIR
                        + " is not set), so it will not lead: another node's autoscaler decides"));
    }

    private void tick() {
        try {
            loop.tick(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "autoscaler: no decision this period: " + e, e);
        }
    }

    private void journal(String line) {
        NodeEvents e = nodeEvents;
        if (e == null) {
            LOG.log(System.Logger.Level.INFO, AutoscaleLoop.SOURCE + " " + line);
            return;
        }
        try {
            e.event(AutoscaleLoop.SOURCE, line);
        } catch (RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, "node events refused '" + line + "': " + ex);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (timer == null) {
            return;
        }
        try {
            // the lock is the timer thread's: only it can give it back (a member that leaves loses it anyway)
            timer.submit(() -> {
                if (loop.leading() && instance.getLifecycleService().isRunning()) {
                    leader.unlock(LEADER_KEY);
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                | java.util.concurrent.RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, "autoscaler: lock not given back: " + e);
        }
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public String execute(List<String> args) {
        if (args.isEmpty()) {
            return "error: " + USAGE;
        }
        try {
            return switch (args.get(0)) {
                case "status" -> status().text() + "\n";
                case "requests" -> requests();
                case "outcome" -> outcome(args.subList(1, args.size()));
                default -> "error: unknown autoscale request " + args.get(0) + "; " + USAGE;
            };
        } catch (RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }

    /** The JSON forms of {@code status} and {@code requests}; {@code outcome}'s text wrapped (the supervisor sends it as text). */
    @Override
    public String executeJson(List<String> args) {
        try {
            switch (args.isEmpty() ? "" : args.get(0)) {
                case "status":
                    return AutoscaleJson.status(status());
                case "requests":
                    return AutoscaleJson.requests(board.pending());
                default:
                    break;
            }
        } catch (RuntimeException e) {
            return KernelJson.error(String.valueOf(e.getMessage()));
        }
        return NodeCommand.super.executeJson(args);
    }

    private AutoscaleStatus status() {
        if (loop == null) {
            return AutoscaleStatus.off(AutoscaleRule.PROPERTY + " not set; 'mlos cluster up --autoscale cache=1..3' starts"
                    + " a cluster with it");
        }
        LoopFigures figures;
        try {
            figures = timer.submit(loop::status).get(5, TimeUnit.SECONDS); // the loop's figures belong to its thread
        } catch (Exception e) {
            return AutoscaleStatus.unreadable("status unreadable: " + e);
        }
        return AutoscaleStatus.of(figures, journals && nodeEvents != null ? null : "will not lead: no journal here: "
                + (journals ? "no fault services" : JOURNAL_DIR + " is not set"));
    }

    private String requests() {
        StringBuilder sb = new StringBuilder();
        for (ScaleRequest r : board.pending()) {
            sb.append(r.line()).append('\n');
        }
        return sb.length() == 0 ? "no requests\n" : sb.toString();
    }

    private String outcome(List<String> args) {
        ScaleOutcome o = OutcomeArgs.parse(args);
        boolean pending = board.report(o);
        return "outcome recorded id=" + o.id() + (pending ? "" : " (its request had been withdrawn)") + "\n";
    }
}
