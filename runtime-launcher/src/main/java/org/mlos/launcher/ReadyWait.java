package org.mlos.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;

/**
 * Waits, polling with a growing pause, until the node serves ({@link Readiness}: bundles active,
 * components satisfied but those deferred until pending work ends; {@link PreferredImplementations}:
 * each preferred implementation serving), and then, on nodes that finish work while serving (a
 * cluster join), until that is done too. Remembers whether there was such work and when it ended.
 */
final class ReadyWait {

    /** How long only unmet preferences hold the node back before it says so (the rest is ready). */
    static final long UNMET_NOTICE_NANOS = 2_000_000_000L;

    /**
     * How long anything holds the node back before it names the remote nodes it lacks, once its
     * cluster join is done: a remote implementation arrives within a second or two of the join.
     */
    static final long REMOTE_NOTICE_NANOS = 5_000_000_000L;

    private final long remoteNoticeNanos;

    private final PreferredImplementations preferred;
    private final long timeoutMs;
    private final Consumer<String> notices;
    private boolean pendingSeen;
    private long pendingDoneMicros;
    private boolean unmetTold;
    private boolean remoteTold;

    ReadyWait(PreferredImplementations preferred, long timeoutMs) {
        this(preferred, timeoutMs, notice -> { });
    }

    /** @param notices told once, while the wait goes on, of preferences no installed bundle meets */
    ReadyWait(PreferredImplementations preferred, long timeoutMs, Consumer<String> notices) {
        this(preferred, timeoutMs, notices, REMOTE_NOTICE_NANOS);
    }

    /** @param remoteNoticeNanos how long the node waits before it names the remote nodes it lacks */
    ReadyWait(PreferredImplementations preferred, long timeoutMs, Consumer<String> notices, long remoteNoticeNanos) {
        this.preferred = preferred;
        this.timeoutMs = timeoutMs;
        this.notices = notices;
        this.remoteNoticeNanos = remoteNoticeNanos;
    }

    /**
     * Waits until nothing but deferred work holds the node back ({@code all}: until nothing does)
     * and every preferred implementation serves; returns what is left (empty when done), at once
     * when waiting cannot help (a component failed to activate, a swap to a preferred
     * implementation failed, pending work failed), or at the timeout.
     */
    List<Readiness.Problem> await(BundleContext context, boolean all) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        long pause = 200_000;
        long onlyPreferredSince = 0;
        long start = System.nanoTime();
        while (true) {
            List<Readiness.Problem> problems = Readiness.problems(context);
            List<Readiness.Problem> blocking = blocking(problems);
            boolean deferred = blocking.size() < problems.size();
            pendingSeen |= deferred;
            if (pendingSeen && !deferred && pendingDoneMicros == 0) {
                pendingDoneMicros = BootClock.nowMicros();
            }
            if (blocking.isEmpty()) {
                blocking = preferred.problems(context);
                problems.addAll(blocking);
                if (!blocking.isEmpty() && !unmetTold) {
                    long now = System.nanoTime();
                    onlyPreferredSince = onlyPreferredSince == 0 ? now : onlyPreferredSince;
                    if (now - onlyPreferredSince >= UNMET_NOTICE_NANOS) {
                        tellUnmet(context);
                    }
                }
            } else {
                onlyPreferredSince = 0;
            }
            // not while the join runs: a slow one (a busy machine) is no node missing
            if (!remoteTold && System.nanoTime() - start >= remoteNoticeNanos && !problems.isEmpty() && !deferred) {
                tellRemote(context);
            }
            if ((blocking.isEmpty() && (!all || problems.isEmpty())) || System.nanoTime() > deadline || anyFatal(problems)) {
                return problems;
            }
            Thread.sleep(0, (int) Math.min(pause, 999_999));
            pause = Math.min(pause * 2, 20_000_000);
        }
    }

    /** A notice only: whatever goes wrong asking (the kernel going away meanwhile), the wait goes on as before. */
    private void tellUnmet(BundleContext context) {
        unmetTold = true;
        try {
            for (String unmet : preferred.unmet(context)) {
                notices.accept(unmet + "; waiting up to " + timeoutMs / 1000 + " s for one to register");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no notice then; the ready timeout's report still says what the node waits for
        }
    }

    /** Told whatever holds the node back, once: a remote node it lacks may be what the components wait for. */
    private void tellRemote(BundleContext context) {
        remoteTold = true;
        for (Readiness.Problem waiting : remoteWaits(context)) {
            notices.accept(waiting.text() + "; waiting up to " + timeoutMs / 1000 + " s");
        }
        try {
            for (String unmet : preferred.unmetBehind(context)) {
                notices.accept(unmet + "; waiting up to " + timeoutMs / 1000 + " s for one to register");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no notice then; the ready timeout's report still says what the node waits for
        }
    }

    /** The remote preferences not serving yet, as problems for a report (none if they cannot be read). */
    List<Readiness.Problem> remoteWaits(BundleContext context) {
        List<Readiness.Problem> out = new ArrayList<>();
        try {
            for (String waiting : preferred.remoteWaits(context)) {
                out.add(new Readiness.Problem(waiting, false));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // none then: the notice is not given, the report names the components that wait, as before
        }
        return out;
    }

    /** Whether the node had work it finishes while serving (a cluster join). */
    boolean pendingSeen() {
        return pendingSeen;
    }

    /** When that work was seen done (epoch µs), or 0 if not (yet). */
    long pendingDoneMicros() {
        return pendingDoneMicros;
    }

    long timeoutMs() {
        return timeoutMs;
    }

    /** The problems that hold the node back from serving. */
    static List<Readiness.Problem> blocking(List<Readiness.Problem> problems) {
        List<Readiness.Problem> out = new ArrayList<>();
        for (Readiness.Problem p : problems) {
            if (!p.deferred()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * What the launch says when the node is not ready: {@code header}, or "failed to start:" when
     * something failed, then a line a problem. What failed comes first and what waits after it,
     * marked as possibly waiting on it: a setting refused at boot left the component that needs
     * the checked settings waiting for them, and the report named that component beside the real
     * cause, as if there were two faults.
     */
    static String report(List<Readiness.Problem> problems, String header) {
        String nl = System.lineSeparator();
        if (!anyFatal(problems)) {
            StringBuilder b = new StringBuilder(header);
            problems.forEach(p -> b.append(nl).append("  ").append(p.text()));
            return b.toString();
        }
        StringBuilder b = new StringBuilder(" failed to start:");
        List<Readiness.Problem> waiting = new ArrayList<>();
        for (Readiness.Problem p : problems) {
            if (p.fatal()) {
                b.append(nl).append("  ").append(p.text());
            } else {
                waiting.add(p);
            }
        }
        if (!waiting.isEmpty()) {
            b.append(nl).append("  and, perhaps only because of that:");
            waiting.forEach(p -> b.append(nl).append("    ").append(p.text()));
        }
        return b.toString();
    }

    static boolean anyFatal(List<Readiness.Problem> problems) {
        for (Readiness.Problem p : problems) {
            if (p.fatal()) {
                return true;
            }
        }
        return false;
    }
}
