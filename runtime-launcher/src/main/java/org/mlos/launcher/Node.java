package org.mlos.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.framework.Felix;
import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.log.LoggerFactory;

/**
 * One node: an embedded Felix running exactly the profile's bundles.
 *
 * <p>Boot is install, resolve, start in wiring order, then wait until every component is
 * satisfied and every implementation the node's settings prefer serves; the ready line is
 * printed once, with the time since the JVM started.
 */
final class Node {

    static final int EXIT_OK = 0;
    /** The framework did not stop within {@link #STOP_WAIT_MS}: the node exits without a clean stop. */
    static final int EXIT_STOP_TIMED_OUT = 1;
    static final int EXIT_START_FAILED = 3;
    static final int EXIT_NOT_READY = 4;

    private final NodeOptions options;
    private final Profile profile;
    private final PrintStream out;
    private final PrintStream err;
    private ReadyWait wait;

    Node(NodeOptions options, Profile profile, PrintStream out, PrintStream err) {
        this.options = options;
        this.profile = profile;
        this.out = out;
        this.err = err;
    }

    /**
     * Boots the node in named steps, each marked in the boot trace ({@code -Dmlos.trace.boot=true}),
     * then serves until the framework stops (or returns at once with {@code --exit-when-ready}).
     */
    int run(long startMicros) throws Exception {
        BootTrace trace = new BootTrace(startMicros, err);
        trace.mark("main");
        new BootWarmup().start();
        Path storage = options.state();
        boolean temporary = storage == null;
        Path storageRoot = null;
        if (temporary) {
            // Named by pid, not Files.createTempDirectory: its SecureRandom costs boot time.
            storageRoot = NodeStorage.root();
            storage = NodeStorage.forThisNode(storageRoot);
        }
        Map<String, String> properties = frameworkProperties(storage);
        wait = new ReadyWait(PreferredImplementations.of(properties), options.readyTimeoutMs(),
                notice -> err.println("mlos: " + notice));
        Framework framework = new Felix(properties);
        ConsoleLog console = ConsoleLog.forProperties(properties.getOrDefault(ConsoleLog.PROPERTY,
                System.getProperty(ConsoleLog.PROPERTY)), properties.getOrDefault(ConsoleLog.TIME_PROPERTY,
                System.getProperty(ConsoleLog.TIME_PROPERTY)), err);
        JulConsole.install(console); // before anything logs: JUL takes its configuration when it starts
        Shutdown shutdown = new Shutdown(framework, temporary ? storage : null, err, console);
        // From the start, not from the ready line: a node stopped while it boots or joins has
        // storage to delete too.
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "mlos-shutdown"));
        SignalExits.install();
        UnreadProperties.Pending unread = UnreadProperties.Pending.NONE;
        try {
            FrameworkErrors errors = new FrameworkErrors();
            BundleContext context = initialise(framework, errors, console);
            trace.mark("framework initialised");
            List<Path> jars = options.metrics() ? withMetrics(profile.bundles()) : profile.bundles();
            unread = UnreadProperties.check(options.images(), options.setKeys(), profile.name(), jars);
            List<Bundle> bundles = install(context, jars);
            trace.mark("bundles installed");
            resolveAll(framework, bundles);
            trace.mark("bundles resolved");
            startInWiringOrder(context, bundles, errors, trace);
            trace.mark("bundles started");
            unread.tell(); // before the ready line, and before a failure a misspelt key's default may cause
            List<Readiness.Problem> deferred = awaitComponents(context);
            trace.mark("components satisfied");
            long servingMicros = BootClock.nowMicros();
            boolean pending = !deferred.isEmpty();
            PidFile.writeUntilStopped(properties.get(PidFile.PROPERTY), framework, err); // memcached's -P, before the ready line
            console.booted(null); // a component that failed and did not stop the start is told before the ready line
            announceReady(context, bundles.size(), startMicros, servingMicros, pending ? -1 : wait.pendingDoneMicros());
            if (TrainingRequests.wanted()) {
                TrainingRequests.run(context, err);
            }
            if (storageRoot != null && !options.exitWhenReady()) {
                NodeStorage.sweepLater(storageRoot);
            }
            if (options.shell()) {
                startShell(context, trace);
            }
            if (pending) {
                awaitPending(framework, context, startMicros);
                trace.mark("pending work done");
            }
            if (!options.exitWhenReady()) {
                framework.waitForStop(0);
            }
            return EXIT_OK;
        } catch (BootFailure | IllegalStateException e) {
            unread.tell();
            if (shutdown.begun) {
                // a signal stopped the framework under the boot (its context gone, its bundles
                // stopping): no failure of the node's
                console.booted(null);
                err.println("mlos: stopped by a signal while starting: profile " + profile.name());
                return EXIT_OK;
            }
            if (e instanceof BootFailure f) {
                console.booted(f.getMessage());
                err.println("mlos: error: profile " + profile.name() + f.getMessage());
                return f.exitCode;
            }
            throw e;
        } finally {
            console.booted(null);
            shutdown.run();
        }
    }

    private static BundleContext initialise(Framework framework, FrameworkErrors errors, ConsoleLog console)
            throws BundleException {
        framework.init();
        BundleContext context = framework.getBundleContext();
        LogLevels.apply(context.getProperty(LogLevels.PROPERTY));
        // before any bundle starts: SCR takes the first LoggerFactory it finds
        context.registerService(LoggerFactory.class, console, null);
        context.addFrameworkListener(errors);
        return context;
    }

    /** One resolver run for all, so that the start order can follow the wiring. */
    private static void resolveAll(Framework framework, List<Bundle> bundles) throws BundleException {
        framework.start();
        framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
    }

    private static void startInWiringOrder(BundleContext context, List<Bundle> bundles, FrameworkErrors errors,
            BootTrace trace) throws BootFailure {
        String failure = start(bundles, trace);
        if (failure == null) {
            failure = errors.first();
        }
        if (failure != null) {
            throw new BootFailure(EXIT_START_FAILED, ": " + FailedActivations.named(context, failure));
        }
    }

    /**
     * Waits until the node serves; returns what it still waits for that it finishes while serving
     * (a cluster join), empty if nothing.
     */
    private List<Readiness.Problem> awaitComponents(BundleContext context) throws Exception {
        List<Readiness.Problem> problems = wait.await(context, false);
        List<Readiness.Problem> blocking = ReadyWait.blocking(problems);
        if (blocking.isEmpty()) {
            return problems;
        }
        if (!ReadyWait.anyFatal(blocking)) {
            blocking.addAll(wait.remoteWaits(context)); // what the components wait for, when it is a node the cluster lacks
        }
        throw notReady(blocking, " not ready after " + options.readyTimeoutMs() / 1000 + " s:");
    }

    /**
     * After the ready line: waits, bounded by the ready timeout again, for the work the node
     * finishes while it serves, then prints {@code mlos: joined [alone] ...}. If that work fails or does not
     * end in time the node stops: a node that cannot do what its profile says is not left running.
     */
    private void awaitPending(Framework framework, BundleContext context, long startMicros) throws Exception {
        List<Readiness.Problem> problems;
        try {
            problems = wait.await(context, true);
        } catch (Exception e) {
            if (stopping(framework)) {
                return; // the framework was stopped (SIGTERM) while the node joined
            }
            throw e;
        }
        if (!problems.isEmpty()) {
            if (stopping(framework)) {
                return;
            }
            throw notReady(problems, " served, but its pending work did not complete within "
                    + options.readyTimeoutMs() / 1000 + " s:");
        }
        out.println("mlos: joined" + PendingNotes.of(context) + " profile=" + profile.name()
                + " joined_ms=" + (wait.pendingDoneMicros() - startMicros) / 1000
                + " pid=" + ProcessHandle.current().pid() + endpoints(context));
        out.flush();
    }

    private static boolean stopping(Framework framework) {
        return (framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0;
    }

    private static BootFailure notReady(List<Readiness.Problem> problems, String header) {
        String text = ReadyWait.report(problems, header);
        boolean failedStart = problems.stream().anyMatch(Readiness.Problem::failedStart);
        return new BootFailure(failedStart ? EXIT_START_FAILED : EXIT_NOT_READY, text);
    }

    /**
     * The ready line: the contract every script and test waits for. {@code serving_ms} is
     * {@code boot_ms} (kept for the scripts that read it); {@code joined_ms} appears on nodes with
     * work they finish while serving (a cluster join): {@code pending} until a {@code mlos: joined}
     * line follows, else when it was done, followed by how it ended ({@link PendingNotes}: {@code alone}).
     */
    private void announceReady(BundleContext context, int bundles, long startMicros, long servingMicros, long joined)
            throws InvalidSyntaxException {
        long servingMs = (servingMicros - startMicros) / 1000;
        String joinedField = !wait.pendingSeen() ? ""
                : " joined_ms=" + (joined <= 0 ? "pending" : (joined - startMicros) / 1000 + PendingNotes.of(context));
        out.println("mlos: ready profile=" + profile.name() + " bundles=" + bundles
                + " boot_ms=" + servingMs + " serving_ms=" + servingMs + joinedField + ResidentMemory.field()
                + " pid=" + ProcessHandle.current().pid() + endpoints(context));
        out.flush();
    }

    /** The Gogo shell comes after the ready line: it is not part of the profile, and costs no boot time. */
    private void startShell(BundleContext context, BootTrace trace) throws BundleException, IOException {
        String failure = start(install(context, shellBundles()), trace);
        if (failure != null) {
            err.println("mlos: error: the Gogo shell did not start: " + failure);
        }
    }

    /**
     * A node's end, once, by whichever thread comes first: the shutdown hook (SIGTERM, SIGINT) or
     * the main thread (the framework stopped, the boot failed, {@code --exit-when-ready}). Stops the
     * framework, so bundles stop cleanly, then deletes the throwaway storage. The storage used to be
     * deleted by the main thread only, after the framework's stop: on SIGTERM the JVM halts once its
     * hooks are done, before the main thread got there, and every SIGTERM'd node left its folder
     * in memory ({@code /dev/shm}) until a later node's sweep, if one ever started.
     */
    private static final class Shutdown implements Runnable {
        private final Framework framework;
        private final Path storage;
        private final PrintStream err;
        private final ConsoleLog console;
        private boolean done;
        /** Set as the stop begins, read without the lock (held by the stop's whole length). */
        private volatile boolean begun;

        /** @param storage the throwaway storage to delete, null if it is the user's ({@code --state}) */
        Shutdown(Framework framework, Path storage, PrintStream err, ConsoleLog console) {
            this.framework = framework;
            this.storage = storage;
            this.err = err;
            this.console = console;
        }

        @Override
        public synchronized void run() {
            // The other thread waits here until the first is done: the main thread's return must
            // not race the hook's delete, nor the hook return (and the JVM halt) before the delete.
            if (done) {
                return;
            }
            done = true;
            begun = true;
            console.booted(null); // a signal during the boot: the failures held are told before the JVM goes
            boolean stopped = stop(framework, err);
            if (storage != null) {
                NodeStorage.deleteTree(storage);
            }
            if (!stopped) {
                // not a clean stop, whatever the signal handler's exit status was to be: say so
                Runtime.getRuntime().halt(EXIT_STOP_TIMED_OUT);
            }
        }
    }

    private Map<String, String> frameworkProperties(Path storage) throws java.io.IOException {
        Map<String, String> props = new HashMap<>(profile.properties());
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(NodeProperties.PROFILE, profile.name());
        if (options.shell()) {
            // Gogo reads its start-up script through a bundle: URL, which needs the framework's
            // URL handlers; nodes without the shell keep them off (they cost every boot).
            props.put("felix.service.urlhandlers", "true");
        }
        props.put(NodeProperties.CONTROL_DIR, ControlDir.prepare().toString());
        props.putAll(options.overrides());
        addSystemPackage(props, LOG_API); // after --set: a --set of the extra system packages adds to it
        if (options.metrics()) {
            metricsDefaults(props);
        }
        String durability = DurabilityDefaults.apply(props, DurabilityDefaults.hasDurableStore(profile.bundles()));
        if (durability != null) {
            err.println("mlos: " + durability);
        }
        operatorDefaults(props);
        bridgeDefaults(props);
        return props;
    }

    /**
     * The metrics bundle serves over the JDK's HTTP server, which the framework exports only when
     * asked; scrapers present the user's metrics token (made on first use).
     */
    private static void metricsDefaults(Map<String, String> props) throws IOException {
        addSystemPackage(props, "com.sun.net.httpserver");
        if (!props.containsKey(METRICS_TOKEN_FILE)) {
            props.put(METRICS_TOKEN_FILE, OperatorKeys.user().ensureMetricsToken().toString());
        }
    }

    /** The OSGi Log API, from the launcher's jar, for {@link ConsoleLog}. */
    private static final String LOG_API = "org.osgi.service.log;version=\"1.5.0\"";

    private static void addSystemPackage(Map<String, String> props, String clause) {
        String extra = props.get(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA);
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, (extra == null || extra.isBlank() ? "" : extra + ",") + clause);
    }

    /**
     * A profile with the hosted bridge's HTTP front gets the user's bridge token (made on first
     * use), as {@code --metrics} gets the metrics token: the front serves nobody without one.
     */
    private void bridgeDefaults(Map<String, String> props) throws IOException {
        boolean front = profile.bundles().stream().anyMatch(b -> b.getFileName().toString().startsWith(BRIDGE_HTTP_JAR));
        if (front && !props.containsKey(BRIDGE_TOKEN_FILE)) {
            props.put(BRIDGE_TOKEN_FILE, OperatorKeys.user().ensureBridgeToken().toString());
        }
    }

    /** The hosted bridge's HTTP front, as its jar is named in a profile's image. */
    private static final String BRIDGE_HTTP_JAR = "mlos-bridge-http-";
    /** Its property naming the token file (org.mlos.bridge.api.BridgeProperties). */
    private static final String BRIDGE_TOKEN_FILE = "mlos.bridge.token.file";

    /** The metrics bundle's property naming its token file (org.mlos.metrics.MetricsProperties). */
    private static final String METRICS_TOKEN_FILE = "mlos.metrics.token.file";

    private List<Path> withMetrics(List<Path> bundles) throws IOException {
        List<Path> all = new ArrayList<>(bundles);
        all.addAll(Profile.jars(options.images().resolve("_metrics")));
        return all;
    }

    /**
     * A node the user starts by hand joins the clusters 'mlos cluster up' starts: it gets the
     * user's cluster secret and trusts the user's rollout key, unless told otherwise.
     */
    private static void operatorDefaults(Map<String, String> props) {
        OperatorKeys keys = OperatorKeys.user();
        if (!props.containsKey(OperatorKeys.SECRET_PROPERTY) && System.getenv("MLOS_CLUSTER_SECRET_FILE") == null
                && System.getenv("MLOS_CLUSTER_SECRET") == null && java.nio.file.Files.isRegularFile(keys.secret())) {
            props.put(OperatorKeys.SECRET_PROPERTY, keys.secret().toString());
        }
        if (!props.containsKey(OperatorKeys.TRUSTED_PROPERTY) && java.nio.file.Files.isRegularFile(keys.publicKey())) {
            props.put(OperatorKeys.TRUSTED_PROPERTY, keys.publicKey().toString());
        }
    }

    private List<Bundle> install(BundleContext context, List<Path> jars) throws BundleException {
        List<Bundle> bundles = new ArrayList<>(jars.size());
        for (Path jar : jars) {
            try {
                bundles.add(context.installBundle("reference:" + jar.toUri()));
            } catch (BundleException e) {
                throw new BundleException("cannot install " + jar.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return bundles;
    }

    /** Starts the bundles in dependency order; returns what went wrong, naming the bundle, or null. */
    private static String start(List<Bundle> bundles, BootTrace trace) {
        for (Bundle b : StartOrder.of(bundles)) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            try {
                b.start(Bundle.START_ACTIVATION_POLICY);
                trace.mark("started " + b.getSymbolicName());
            } catch (BundleException e) {
                return "bundle " + b.getSymbolicName() + " " + b.getVersion() + " failed to start: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * {@code " endpoints=<a>,<b>"} from the services that publish {@code mlos.endpoint} (a
     * memcached listener, say), so that whoever started the node knows where to reach it, and
     * {@code " dashboard=<url>"} where it serves one.
     */
    private static String endpoints(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + NodeProperties.ENDPOINT + "=*)");
        if (refs == null) {
            return "";
        }
        // sorted: the registry's order is the services' registration order, which varied from one
        // start to the next (memcached:// first one time, mlos-remote:// the next)
        java.util.List<String> all = new java.util.ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            all.add(String.valueOf(ref.getProperty(NodeProperties.ENDPOINT)));
        }
        java.util.Collections.sort(all);
        // the dashboard is served at / of the metrics endpoint: named, as what an operator opens
        String dashboard = all.stream().map(DashboardUrl::of).filter(u -> u != null)
                .map(u -> " dashboard=" + u).findFirst().orElse("");
        return " endpoints=" + String.join(",", all) + dashboard;
    }

    private List<Path> shellBundles() throws IOException {
        return Profile.jars(options.images().resolve("_shell"));
    }

    /**
     * How long a node's end waits for its framework to stop: past the cluster member's wait for a join
     * under way (60 s) and its graceful leave. It used to be 10 s, after which a SIGTERM'd JVM halts:
     * a node stopped in a long join exited before its Hazelcast member had left.
     */
    static final long STOP_WAIT_MS = 90_000;
    private static final long STOP_PROGRESS_MS = 5_000;

    /** Stops the framework; false if it had not stopped within {@link #STOP_WAIT_MS}. */
    private static boolean stop(Framework framework, PrintStream err) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
                for (long waited = 0; waited < STOP_WAIT_MS; waited += STOP_PROGRESS_MS) {
                    if (framework.waitForStop(STOP_PROGRESS_MS).getType() != FrameworkEvent.WAIT_TIMEDOUT) {
                        return true;
                    }
                    if (waited + STOP_PROGRESS_MS >= STOP_WAIT_MS) {
                        break;
                    }
                    err.println("mlos: stopping: the framework is still stopping after " + (waited + STOP_PROGRESS_MS) / 1000
                            + " s (a cluster member joining or leaving, a bundle's deactivation); waiting up to "
                            + STOP_WAIT_MS / 1000 + " s");
                    err.flush();
                }
                err.println("mlos: stopping: the framework did not stop within " + STOP_WAIT_MS / 1000 + " s; exiting anyway"
                        + " (status " + EXIT_STOP_TIMED_OUT + ")");
                err.flush();
                return false;
            }
            return true;
        } catch (BundleException | InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Remembers the first error the framework reports (a bundle whose activator threw, say). */
    private static final class FrameworkErrors implements FrameworkListener {
        private volatile String first;

        @Override
        public void frameworkEvent(FrameworkEvent event) {
            if (event.getType() == FrameworkEvent.ERROR && first == null) {
                Bundle b = event.getBundle();
                Throwable t = event.getThrowable();
                first = "bundle " + (b == null ? "?" : b.getSymbolicName()) + ": "
                        + (t == null ? "error" : t.getMessage());
            }
        }

        String first() {
            return first;
        }
    }

    /** A boot step that cannot go on: the message follows "mlos: error: profile <name>", the code is the exit status. */
    private static final class BootFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        BootFailure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }
}
