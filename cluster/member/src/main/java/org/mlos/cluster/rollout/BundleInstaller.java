package org.mlos.cluster.rollout;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.mlos.cluster.node.TaskOutcome;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Installs or updates one bundle in the local framework, and puts things back as they were if
 * the bundle does not resolve or start: a new bundle is uninstalled, an updated one gets its
 * previous content back.
 */
final class BundleInstaller {

    /** How a local install ended. */
    record Outcome(TaskOutcome outcome, String reason) {
    }

    private final BundleContext context;

    BundleInstaller(BundleContext context) {
        this.context = context;
    }

    Outcome install(BundleJar jar, byte[] bytes) {
        Bundle existing = find(jar.symbolicName());
        return existing == null ? installNew(jar, bytes) : update(existing, jar, bytes);
    }

    private Outcome installNew(BundleJar jar, byte[] bytes) {
        Bundle b;
        try {
            b = context.installBundle("mlos-rollout:" + jar.symbolicName() + "@" + jar.sha256(), new ByteArrayInputStream(bytes));
        } catch (BundleException e) {
            return new Outcome(TaskOutcome.FAILED, "install failed: " + e.getMessage());
        }
        String failure = start(b);
        if (failure != null) {
            try {
                b.uninstall();
            } catch (BundleException ignored) {
                // it is going away with the failure reported
            }
            refresh(List.of(b));
            return new Outcome(TaskOutcome.FAILED, failure + "; uninstalled it again");
        }
        RolloutContent.put(b.getBundleId(), bytes);
        return new Outcome(TaskOutcome.INSTALLED, null);
    }

    private Outcome update(Bundle existing, BundleJar jar, byte[] bytes) {
        byte[] previous = content(existing);
        if (previous != null && BundleJar.sha256(previous).equals(jar.sha256())) {
            return new Outcome(TaskOutcome.UNCHANGED, null);
        }
        if (previous == null) {
            return new Outcome(TaskOutcome.FAILED, "cannot read the installed " + jar.symbolicName() + " (" + existing.getLocation()
                    + ") to restore it should the update fail; not updating it");
        }
        String failure = updateTo(existing, bytes);
        if (failure == null) {
            RolloutContent.put(existing.getBundleId(), bytes);
            return new Outcome(TaskOutcome.UPDATED, null);
        }
        String restore = updateTo(existing, previous);
        RolloutContent.put(existing.getBundleId(), previous);
        return new Outcome(TaskOutcome.FAILED, failure + (restore == null ? "; restored the previous version"
                : "; restoring the previous version failed too: " + restore));
    }

    private String updateTo(Bundle b, byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            b.update(in);
        } catch (Exception e) {
            return "update failed: " + e.getMessage();
        }
        refresh(List.of(b));
        return start(b);
    }

    /** Starts a bundle (fragments only need to resolve); the reason it failed, or null. */
    private String start(Bundle b) {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return context.getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(b)) ? null
                    : "fragment " + b.getSymbolicName() + " does not resolve";
        }
        try {
            b.start();
            return null;
        } catch (BundleException e) {
            return "does not start: " + e.getMessage();
        } catch (RuntimeException e) {
            return "does not start: " + e;
        }
    }

    private void refresh(List<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Bundle find(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /**
     * The installed jar's bytes: what an earlier rollout installed, else the file the location
     * names (the launcher installs profile bundles by reference to their files).
     */
    private static byte[] content(Bundle b) {
        byte[] rolledOut = RolloutContent.get(b.getBundleId());
        if (rolledOut != null) {
            return rolledOut;
        }
        String location = b.getLocation();
        String url = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            if (url.startsWith("file:")) {
                Path p = Path.of(URI.create(url));
                return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }
}
