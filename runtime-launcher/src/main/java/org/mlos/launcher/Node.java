package org.mlos.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.Felix;
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

/**
 * One node: an embedded Felix running exactly the profile's bundles.
 *
 * <p>Boot is install, resolve, start in wiring order, then wait until every component is
 * satisfied; the ready line is printed once, with the time since the JVM started.
 */
final class Node {

    static final int EXIT_OK = 0;
    static final int EXIT_START_FAILED = 3;
    static final int EXIT_NOT_READY = 4;

    private final NodeOptions options;
    private final Profile profile;
    private final PrintStream out;
    private final PrintStream err;

    Node(NodeOptions options, Profile profile, PrintStream out, PrintStream err) {
        this.options = options;
        this.profile = profile;
        this.out = out;
        this.err = err;
    }

    int run(long startMicros) throws Exception {
        BootTrace trace = new BootTrace(startMicros, err);
        trace.mark("main");
        new BootWarmup().start();
        Path storage = options.state();
        boolean temporary = storage == null;
        if (temporary) {
            // Named by pid, not Files.createTempDirectory: its SecureRandom costs boot time.
            storage = Path.of(System.getProperty("java.io.tmpdir"), "mlos-node-" + ProcessHandle.current().pid());
        }
        Framework framework = new Felix(frameworkProperties(storage));
        try {
            framework.init();
            trace.mark("framework initialised");
            LogLevels.apply(framework.getBundleContext().getProperty(LogLevels.PROPERTY));
            BundleContext context = framework.getBundleContext();
            FrameworkErrors errors = new FrameworkErrors();
            context.addFrameworkListener(errors);
            List<Bundle> bundles = install(context, profile.bundles());
            trace.mark("bundles installed");
            framework.start();
            trace.mark("framework started");
            // Resolve all at once (one resolver run) so the start order can follow the wiring.
            framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
            trace.mark("bundles resolved");
            String failure = start(bundles, trace);
            trace.mark("bundles started");
            if (failure == null) {
                failure = errors.first();
            }
            if (failure != null) {
                err.println("mlos: error: profile " + profile.name() + ": " + failure);
                return EXIT_START_FAILED;
            }
            List<Readiness.Problem> problems = awaitReady(context);
            trace.mark("components satisfied");
            if (!problems.isEmpty()) {
                boolean fatal = problems.stream().anyMatch(Readiness.Problem::fatal);
                err.println("mlos: error: profile " + profile.name() + (fatal ? " failed to start:"
                        : " not ready after " + options.readyTimeoutMs() / 1000 + " s:"));
                problems.forEach(p -> err.println("  " + p.text()));
                return EXIT_NOT_READY;
            }
            long bootMs = (BootClock.nowMicros() - startMicros) / 1000;
            out.println("mlos: ready profile=" + profile.name() + " bundles=" + bundles.size()
                    + " boot_ms=" + bootMs + ResidentMemory.field() + " pid=" + ProcessHandle.current().pid()
                    + endpoints(context));
            out.flush();
            if (options.shell()) {
                String shellFailure = start(install(context, shellBundles()), trace);
                if (shellFailure != null) {
                    err.println("mlos: error: the Gogo shell did not start: " + shellFailure);
                }
            }
            if (options.exitWhenReady()) {
                return EXIT_OK;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "mlos-shutdown"));
            framework.waitForStop(0);
            return EXIT_OK;
        } finally {
            stop(framework);
            if (temporary) {
                deleteTree(storage);
            }
        }
    }

    private Map<String, String> frameworkProperties(Path storage) throws java.io.IOException {
        Map<String, String> props = new HashMap<>(profile.properties());
        props.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put("mlos.profile", profile.name());
        if (options.shell()) {
            // Gogo reads its start-up script through a bundle: URL, which needs the framework's
            // URL handlers; nodes without the shell keep them off (they cost every boot).
            props.put("felix.service.urlhandlers", "true");
        }
        props.put("mlos.control.dir", ControlDir.prepare().toString());
        props.putAll(options.overrides());
        DurabilityDefaults.apply(props);
        operatorDefaults(props);
        return props;
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
     * memcached listener, say), so that whoever started the node knows where to reach it.
     */
    private static String endpoints(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(mlos.endpoint=*)");
        if (refs == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(" endpoints=");
        for (int i = 0; i < refs.length; i++) {
            b.append(i == 0 ? "" : ",").append(refs[i].getProperty("mlos.endpoint"));
        }
        return b.toString();
    }

    /** Waits for every component to be satisfied; gives up at once when one failed to activate. */
    private List<Readiness.Problem> awaitReady(BundleContext context) throws Exception {
        long deadline = System.nanoTime() + options.readyTimeoutMs() * 1_000_000L;
        long pause = 200_000;
        while (true) {
            List<Readiness.Problem> problems = Readiness.problems(context);
            if (problems.isEmpty() || System.nanoTime() > deadline || problems.stream().anyMatch(Readiness.Problem::fatal)) {
                return problems;
            }
            Thread.sleep(0, (int) Math.min(pause, 999_999));
            pause = Math.min(pause * 2, 20_000_000);
        }
    }

    private List<Path> shellBundles() throws IOException {
        return Profile.jars(options.images().resolve("_shell"));
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
                framework.stop();
                framework.waitForStop(10_000);
            }
        } catch (BundleException | InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
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
}
