package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.testing.LoggedLines;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Found by an outsider embedding the bundles in Felix: {@code stop}/{@code start} of
 * {@code org.mlos.core} (or {@code update}) lost every counter of a kind whose preferred
 * implementation was an immediate component that lived on through the restart. The kernel began
 * on the implementation the framework listed first, then swapped to the preferred one
 * ({@code preferred-arrived}) importing the first one's empty state over the counters. Now the
 * implementations present at the kernel's start are installed together and the preferred one
 * serves at once; the consumer, which bound an implementation while the core was away, is
 * restarted onto the handle; after a swap, the implementation that served when the kernel stopped
 * serves again (it holds the state). A delayed implementation cannot keep its state so: Declarative
 * Services disposes of it when the kernel lets go (docs/embedding.md says so).
 */
@Timeout(300)
class ARestartOfTheCoreLostThePreferredImplementationsStateIT {

    @Test
    void theImmediatePreferredImplementationServesAgainWithItsCounters() throws Exception {
        List<Path> jars = new ArrayList<>();
        Path coreJar;
        try (Stream<Path> minimal = Files.list(ItestOptions.images().resolve("minimal"))) {
            List<Path> all = minimal.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            coreJar = all.stream().filter(p -> p.getFileName().toString().startsWith("mlos-core")).findFirst().orElseThrow();
            jars.add(coreJar);
            all.stream().filter(p -> p != coreJar).forEach(jars::add);
        }
        // the delayed 'a' registers before the preferred, immediate 'kept': listed first
        jars.addAll(List.of(ItestOptions.fixtureJar("fixture-api"), ItestOptions.fixtureJar("fixture-a"),
                ItestOptions.fixtureJar("fixture-kept"), ItestOptions.fixtureJar("fixture-client")));
        Path storage = Files.createTempDirectory("mlos-itest-felix-");
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                        "org.osgi.framework.storage.clean", "onFirstInit", "mlos.kind.Tally", "kept"));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars) {
                bundles.add(context.installBundle(jar.toUri().toString()));
            }
            for (Bundle b : bundles) {
                if (b.getHeaders().get("Fragment-Host") == null) {
                    b.start();
                }
            }
            Object client = client(context);
            assertEquals("kept", call(client, "servedBy"));
            for (int i = 0; i < 100; i++) {
                call(client, "record", "k" + i);
            }
            Bundle core = bundles.get(0);
            core.stop();
            core.start();
            Object kernel = awaitService(context, "org.mlos.core.api.Kernel");
            client = client(context);
            assertEquals("kept", call(client, "servedBy"), "the preferred implementation serves after the restart");
            for (int i = 0; i < 100; i++) {
                assertEquals(1L, call(client, "read", "k" + i), "counter k" + i + " after the restart");
            }
            assertEquals(List.of(), call(kernel, "history"), "no swap at the kernel's start");

            // a swap moved the counters to another implementation: a restart resumes on that one, not
            // on the preferred one, whose state the swap emptied (an outsider's re-check read 0 again)
            Object report = call(kernel, "swap", "Tally", "also-kept");
            assertEquals("COMPLETED", String.valueOf(call(report, "outcome")), String.valueOf(report));
            core.stop();
            core.start();
            kernel = awaitService(context, "org.mlos.core.api.Kernel");
            client = client(context);
            assertEquals("also-kept", call(client, "servedBy"), "what served before the restart serves after it");
            for (int i = 0; i < 100; i++) {
                assertEquals(1L, call(client, "read", "k" + i), "counter k" + i + " after the second restart");
            }
            assertEquals(List.of(), call(kernel, "history"), "no swap at the kernel's start");

            // a delayed implementation is disposed of while the kernel is away, its counters with it:
            // that was silent (an outsider's counters read 0); the kernel now names it
            report = call(kernel, "swap", "Tally", "a");
            assertEquals("COMPLETED", String.valueOf(call(report, "outcome")), String.valueOf(report));
            assertEquals(1L, call(client(context), "read", "k0"));
            LoggedLines kernelLog = LoggedLines.of("org.mlos.core.osgi.KernelComponent");
            try {
                core.stop();
                core.start();
                awaitService(context, "org.mlos.core.api.Kernel");
                client = client(context);
                assertEquals("a", call(client, "servedBy"));
                assertEquals(0L, call(client, "read", "k0"), "a delayed implementation's counters are gone (documented)");
                List<String> warnings = kernelLog.at(Level.WARNING);
                assertTrue(warnings.stream().anyMatch(w -> w.contains("kind org.mlos.itests.fixture.tally.Tally: implementation a"
                        + " serves again after the kernel restarted, but as a new object: the state it held is lost")), warnings.toString());
            } finally {
                kernelLog.close();
            }
        } finally {
            framework.stop();
            framework.waitForStop(30_000);
            try (Stream<Path> all = Files.walk(storage)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The consumer, once it holds the kind's handle and no implementation itself (30 s at most). */
    private static Object client(BundleContext context) throws Exception {
        for (int look = 0; look < 300; look++) {
            ServiceReference<?>[] refs = context.getAllServiceReferences("org.mlos.itests.fixture.tally.TallyClientStatus", null);
            if (refs != null && !holdsAnImplementation(context, refs[0].getBundle())) {
                Object client = context.getService(refs[0]);
                if (client != null) {
                    return client;
                }
            }
            Thread.sleep(100);
        }
        StringBuilder seen = new StringBuilder();
        for (Bundle b : context.getBundles()) {
            seen.append("\n  ").append(b.getSymbolicName()).append(" state ").append(b.getState());
        }
        ServiceReference<?>[] all = context.getAllServiceReferences(null, null);
        for (ServiceReference<?> r : all == null ? new ServiceReference<?>[0] : all) {
            Object classes = r.getProperty(org.osgi.framework.Constants.OBJECTCLASS);
            if (String.join(",", (String[]) classes).contains("itests")) {
                seen.append("\n  service ").append(String.join(",", (String[]) classes)).append(" impl=")
                        .append(r.getProperty("mlos.impl")).append(" of ").append(r.getBundle().getSymbolicName())
                        .append(" used by ").append(r.getUsingBundles() == null ? "none"
                                : java.util.Arrays.stream(r.getUsingBundles()).map(Bundle::getSymbolicName).toList());
            }
        }
        throw new AssertionError("the consumer did not come back holding the kind's handle; bundles and services:" + seen);
    }


    private static Object awaitService(BundleContext context, String className) throws Exception {
        for (int look = 0; look < 300; look++) {
            ServiceReference<?>[] refs = context.getAllServiceReferences(className, null); // the test's own copy of the class is not the bundles'
            Object s = refs == null ? null : context.getService(refs[0]);
            if (s != null) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(className + " not registered");
    }

}
