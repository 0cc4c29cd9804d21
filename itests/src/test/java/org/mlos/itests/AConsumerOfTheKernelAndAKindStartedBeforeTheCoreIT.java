package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mlos.itests.FixtureCalls.call;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

/**
 * An outsider's Karaf logged Declarative Services' {@code ServiceFactory.getService() resulted in
 * a cycle} once, at a restart of the core, for a consumer needing both the {@code Kernel} and a
 * kind (the kinds' handles are registered while the kernel component activates, inside the
 * framework's call of its service factory). The nearest plain case, kept as a check: the consumer
 * waits for both, Declarative Services running, before the core starts; it must come up, call and
 * swap, with no such error on standard error (where Declarative Services writes without a log
 * service). It did not reproduce the error on Felix or Equinox.
 */
@Timeout(120)
class AConsumerOfTheKernelAndAKindStartedBeforeTheCoreIT {

    private static final String CLIENT = "org.mlos.itests.fixture.both.KernelAndTallyClient";

    @Test
    void aConsumerWaitingForTheKernelAndAKindComesUpWhenTheCoreStarts() throws Exception {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> minimal = Files.list(ItestOptions.images().resolve("minimal"))) {
            minimal.filter(p -> p.toString().endsWith(".jar") && !p.getFileName().toString().startsWith("mlos-core"))
                    .sorted().forEach(jars::add);
        }
        jars.addAll(List.of(ItestOptions.fixtureJar("fixture-api"), ItestOptions.fixtureJar("fixture-a"),
                ItestOptions.fixtureJar("fixture-b"), ItestOptions.fixtureJar("fixture-both")));
        Path storage = Files.createTempDirectory("mlos-itest-felix-");
        PrintStream err = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow()
                .newFramework(Map.of("org.osgi.framework.storage", storage.toString(),
                        "org.osgi.framework.storage.clean", "onFirstInit", "mlos.kind.Tally", "a"));
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            Bundle core;
            try (Stream<Path> minimal = Files.list(ItestOptions.images().resolve("minimal"))) {
                core = context.installBundle(minimal.filter(p -> p.getFileName().toString().startsWith("mlos-core"))
                        .findFirst().orElseThrow().toUri().toString());
            }
            List<Bundle> bundles = new ArrayList<>();
            for (Path jar : jars) {
                bundles.add(context.installBundle(jar.toUri().toString()));
            }
            for (Bundle b : bundles) {
                if (b.getHeaders().get("Fragment-Host") == null) {
                    b.start();
                }
            }
            // Declarative Services says what went wrong on standard error when no log service runs
            System.setErr(new PrintStream(new TeeStream(err, said), true, StandardCharsets.UTF_8));
            core.start();
            Object client = null;
            for (int look = 0; look < 300 && client == null; look++) {
                ServiceReference<?>[] refs = context.getAllServiceReferences(CLIENT, null);
                client = refs == null ? null : context.getService(refs[0]);
                if (client == null) {
                    Thread.sleep(100);
                }
            }
            System.setErr(err);
            String log = said.toString(StandardCharsets.UTF_8);
            assertTrue(!log.contains("cycle"), "Declarative Services met a cycle: " + log);
            assertNotNull(client, "the consumer of the kernel and the kind came up within 30 s: " + log);
            call(client, "record", "k");
            assertEquals("a", call(client, "servedBy"));
            assertEquals("COMPLETED", call(client, "swapTo", "b"));
            assertEquals("b", call(client, "servedBy"));
        } finally {
            System.setErr(err);
            framework.stop();
            framework.waitForStop(30_000);
            try (Stream<Path> all = Files.walk(storage)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
