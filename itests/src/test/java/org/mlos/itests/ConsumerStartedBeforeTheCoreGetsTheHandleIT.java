package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.itests.FixtureCalls.call;
import static org.mlos.itests.FixtureCalls.holdsAnImplementation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * An outsider followed the embedding guide's plain Felix recipe (every bundle in the auto-deploy
 * folder, one start level) with a consumer of a kind of their own, and in about half the runs the
 * consumer bound the implementation itself, not the kind's handle: a swap then reported success
 * while the consumer kept calling the old implementation, its writes lost to the new one. The
 * core's implementation hider was a DS component, activated in the same pass as the consumer.
 * It is now registered by the core bundle's activator. Here the kind's bundles and the consumer
 * start first, then the core, then Declarative Services, as file-name order did, several times
 * over: the consumer must hold the handle every time, and follow a swap.
 */
@Timeout(300)
class ConsumerStartedBeforeTheCoreGetsTheHandleIT {

    private static final int BOOTS = 2; // the order is deterministic: a second boot checks a second start, not luck

    /**
     * Declarative Services and the consumer started before the core: nothing hid the
     * implementations yet, the consumer holds one itself. The core says so when it starts, naming
     * the bundle, and restarts it (telling was not enough: on Karaf's first boot the deploy folder
     * starts bundles before the boot features' core whatever their start levels, an outsider found):
     * the consumer then holds the handle and follows a swap.
     */
    @Test
    void aConsumerThatBoundAnImplementationBeforeTheCoreStartedIsRestartedOntoTheHandle() throws Exception {
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.mlos.core.osgi.ImplementationsHeldDirectly");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(handler);
        java.util.logging.Level level = log.getLevel();
        log.setLevel(java.util.logging.Level.INFO); // whatever the JVM's logging configuration says
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> minimal = Files.list(ItestOptions.images().resolve("minimal"))) {
            // everything but the core, Declarative Services included, then the kind's bundles and the consumer
            minimal.filter(p -> p.toString().endsWith(".jar") && !p.getFileName().toString().startsWith("mlos-core"))
                    .sorted().forEach(jars::add);
        }
        jars.addAll(List.of(ItestOptions.fixtureJar("fixture-api"), ItestOptions.fixtureJar("fixture-a"),
                ItestOptions.fixtureJar("fixture-b"), ItestOptions.fixtureJar("fixture-client")));
        Path storage = Files.createTempDirectory("mlos-itest-felix-");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                        "org.osgi.framework.storage.clean", "onFirstInit", "mlos.kind.Tally", "a"));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            Bundle core = null;
            List<Bundle> bundles = new ArrayList<>();
            try (Stream<Path> minimal = Files.list(ItestOptions.images().resolve("minimal"))) {
                Path coreJar = minimal.filter(p -> p.getFileName().toString().startsWith("mlos-core")).findFirst().orElseThrow();
                core = context.installBundle(coreJar.toUri().toString()); // installed, for the others to resolve
            }
            for (Path jar : jars) {
                bundles.add(context.installBundle(jar.toUri().toString()));
            }
            for (Bundle b : bundles) {
                if (b.getHeaders().get("Fragment-Host") == null) {
                    b.start();
                }
            }
            service(context, "org.mlos.itests.fixture.tally.TallyClientStatus"); // bound to 'a' itself: nothing hid it
            Bundle consumer = context.getAllServiceReferences("org.mlos.itests.fixture.tally.TallyClientStatus", null)[0]
                    .getBundle();
            assertTrue(holdsAnImplementation(context, consumer), "the consumer holds 'a' itself before the core starts");
            core.start();
            assertEquals(1, warnings.size(), warnings.toString());
            String w = warnings.get(0);
            assertTrue(w.startsWith("bundle org.mlos.itests.fixture.client holds implementation 'a' of"
                    + " org.mlos.itests.fixture.tally.Tally"), w);
            assertTrue(w.contains("restarting bundle org.mlos.itests.fixture.client, so that it binds the kind's handle"), w);
            Object client = null;
            for (int look = 0; look < 300 && (client == null || holdsAnImplementation(context, consumer)); look++) {
                Thread.sleep(100); // the restart runs off the core's start
                ServiceReference<?>[] refs = context.getAllServiceReferences("org.mlos.itests.fixture.tally.TallyClientStatus", null);
                client = refs == null ? null : context.getService(refs[0]);
            }
            assertNotNull(client, "the consumer came back");
            assertTrue(!holdsAnImplementation(context, consumer), "the consumer still holds an implementation itself");
            call(client, "record", "k");
            assertEquals("a", call(client, "servedBy"));
            Object report = call(service(context, "org.mlos.core.api.Kernel"), "swap", "Tally", "b");
            assertEquals("COMPLETED", String.valueOf(call(report, "outcome")), String.valueOf(report));
            assertEquals("b", call(client, "servedBy"), "the restarted consumer follows the swap");
            assertEquals(1L, call(client, "read", "k"), "what it wrote moved with the swap");
        } finally {
            log.removeHandler(handler);
            log.setLevel(level);
            framework.stop();
            framework.waitForStop(30_000);
            try (Stream<Path> all = Files.walk(storage)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }


    /** The service of that class name, once registered (30 s at most). */
    private static Object service(BundleContext context, String className) throws Exception {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(context, context.createFilter("(objectClass=" + className + ")"),
                null);
        t.open(true);
        Object s = t.waitForService(30_000);
        assertNotNull(s, className + " registered");
        return s;
    }


    @Test
    void aConsumerThatStartsBeforeTheCoreStillBindsTheHandleAndFollowsASwap() throws Exception {
        List<Path> first = List.of(ItestOptions.fixtureJar("fixture-api"), ItestOptions.fixtureJar("fixture-a"),
                ItestOptions.fixtureJar("fixture-b"), ItestOptions.fixtureJar("fixture-client"));
        List<Path> then = new ArrayList<>();
        try (Stream<Path> minimal = Files.list(ItestOptions.images().resolve("minimal"))) {
            // the core, then the DS API, then SCR last: no consumer is activated before the core is up
            minimal.filter(p -> p.toString().endsWith(".jar")).sorted(Comparator.comparing(
                    (Path p) -> p.getFileName().toString().startsWith("org.apache.felix.scr")).thenComparing(Path::toString))
                    .forEach(then::add);
        }
        for (int boot = 0; boot < BOOTS; boot++) {
            Path storage = Files.createTempDirectory("mlos-itest-felix-");
            Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                    .newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                            "org.osgi.framework.storage.clean", "onFirstInit", "mlos.kind.Tally", "a"));
            framework.start();
            try {
                BundleContext context = framework.getBundleContext();
                List<Bundle> bundles = new ArrayList<>(); // all installed first: the kind's bundles resolve against the core
                for (Path jar : first) {
                    bundles.add(context.installBundle(jar.toUri().toString()));
                }
                for (Path jar : then) {
                    bundles.add(context.installBundle(jar.toUri().toString()));
                }
                for (Bundle b : bundles) {
                    if (b.getHeaders().get("Fragment-Host") == null) {
                        b.start();
                    }
                }
                // by name, and called by reflection: the test's own copies of these classes are not the bundles'
                Object client = service(context, "org.mlos.itests.fixture.tally.TallyClientStatus");
                Bundle consumer = context.getAllServiceReferences("org.mlos.itests.fixture.tally.TallyClientStatus", null)[0]
                        .getBundle();
                ServiceReference<?>[] impls = context.getAllServiceReferences(null, "(mlos.impl=*)");
                assertEquals(2, impls.length, "boot " + boot + ": a and b");
                for (ServiceReference<?> impl : impls) {
                    Bundle[] users = impl.getUsingBundles();
                    assertTrue(users == null || !List.of(users).contains(consumer),
                            "boot " + boot + ": the consumer holds implementation " + impl.getProperty("mlos.impl") + " itself");
                }
                call(client, "record", "k");
                String before = (String) call(client, "servedBy");
                String other = before.equals("a") ? "b" : "a";
                Object report = call(service(context, "org.mlos.core.api.Kernel"), "swap", "Tally", other);
                assertEquals("COMPLETED", String.valueOf(call(report, "outcome")), "boot " + boot + ": " + report);
                assertEquals(other, call(client, "servedBy"), "boot " + boot + ": the consumer follows the swap");
                assertEquals(1L, call(client, "read", "k"), "boot " + boot + ": what it wrote moved with the swap");
            } finally {
                framework.stop();
                framework.waitForStop(30_000);
                try (Stream<Path> all = Files.walk(storage)) {
                    all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
