package org.mlos.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapProgress.Phase;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.state.Transferable;

/**
 * One swap of one kind, K42's protocol with a live copy in front of it:
 *
 * <ol>
 * <li>mediate: close the handle's direct path, so every new call is counted (and, for a live
 *     swap, logs the key it changes);</li>
 * <li>drain: wait until no call that began before mediation is still running, direct or
 *     mediated, without holding anyone;</li>
 * <li>copy (live swaps): copy the state while the old implementation keeps serving, then replay
 *     the keys changed meanwhile, round after round while they keep serving, until few are left
 *     (the pre-copy of live VM migration);</li>
 * <li>hold: hold new calls, wait until none is in flight (re-entrant calls pass);</li>
 * <li>transfer: replay the keys changed during the copy, or copy everything (held swaps);</li>
 * <li>check, switch, release the held calls, retire the old implementation.</li>
 * </ol>
 *
 * The requester's stop, if any, is asked between copy batches and rounds, before the hold and
 * before the check; a reason it gives is a failure of the step it was asked in.
 *
 * Until the switch, any failure, {@link Error}s included, puts everything back: the old
 * implementation keeps serving with its state, every held call is released to run on it, and the
 * report names the failed step. After the switch nothing is undone; a callback that throws is
 * named in the report. Runs under the kind's lock.
 */
final class SwapProtocol<T> {

    private static final System.Logger LOG = System.getLogger(SwapProtocol.class.getName());

    /** A live swap holds callers only once the keys left to replay are at most this many. */
    static final int FINAL_REPLAY_KEYS = 512;
    /** Replay rounds while serving, at most; writes faster than replay never converge. */
    static final int MAX_LIVE_ROUNDS = 8;

    private final KindSlot<T> slot;
    private final CallGate<T> gate;
    private final Candidate<T> from;
    private final Candidate<T> to;
    private final String trigger;
    private final boolean forced;
    private final long drainNanos;
    private final Quiescence quiescence;
    private final SwapTracker tracker;
    private final CopyPace pace;

    private final long started = System.nanoTime();
    private final long startedWall = System.currentTimeMillis();
    private final StateCopy copy;
    private final List<String> afterSwitch = new ArrayList<>();
    private StatePlan plan = StatePlan.nothing(null);
    private SwapStep step = SwapStep.NEGOTIATE;
    private String quiescenceMethod = "-";
    private boolean switched;
    private StateExport export;
    private StateImport imported;
    private long drainMicros;
    private long transferNanos;
    private long holdStart;
    private long pauseMicros;
    private long held;

    /**
     * @param forced the old implementation is going away: if state cannot move, switch anyway
     *               (outcome {@link SwapOutcome#FORCED}); {@code to} may then be null (none left)
     * @param tracker where the swap tells how far it has got
     * @param pace    a ceiling on the live pre-copy's rate, or null for none
     * @param stop    the requester's say until the switch: null to go on, else why to stop (ignored
     *                when forced: the old implementation is leaving anyway); may be null
     */
    SwapProtocol(KindSlot<T> slot, Candidate<T> from, Candidate<T> to, String trigger, boolean forced,
            long drainMillis, Quiescence quiescence, SwapTracker tracker, CopyPace pace, Supplier<String> stop) {
        this.slot = slot;
        this.gate = slot.gate();
        this.from = from;
        this.to = to;
        this.trigger = trigger;
        this.forced = forced;
        this.drainNanos = TimeUnit.MILLISECONDS.toNanos(drainMillis);
        this.quiescence = quiescence;
        this.tracker = tracker;
        this.pace = pace;
        this.copy = new StateCopy(tracker, forced ? null : stop);
    }

    SwapReport run() {
        String refusal;
        try {
            refusal = negotiate();
        } catch (Throwable e) {
            refusal = "negotiation failed: " + describe(e);
        }
        if (refusal != null) {
            return report(SwapOutcome.REFUSED, SwapStep.NEGOTIATE, refusal);
        }
        tracker.mode(plan.mode());
        gate.swapper(Thread.currentThread());
        try {
            return protocol();
        } catch (StepFailure f) {
            return fail(f.step, f.getMessage());
        } catch (Throwable e) {
            // An Error (or a bug) between steps: the same rules as a failed step.
            if (!switched) {
                return fail(step, describe(e));
            }
            gate.release();
            gate.unmediate();
            return report(SwapOutcome.COMPLETED, null, "after the switch: " + describe(e));
        } finally {
            gate.swapper(null);
        }
    }

    private String negotiate() {
        if (gate.currentThreadSwapping()) {
            // a step's callback (beforeServing, an abort) asking for another swap of the kind: run
            // nested, it released the callers the first held and the two switched over each other
            return "swap of " + slot.name() + " requested from a step of the swap of " + slot.name()
                    + " under way (thread " + Thread.currentThread().getName() + "); request it once that swap has"
                    + " ended (its report says whether it completed)";
        }
        if (gate.currentThreadInside() || Quiescence.currentThreadInDirectCall(slot.handleClassName())) {
            return "swap of " + slot.name() + " requested from inside a call on it (thread "
                    + Thread.currentThread().getName() + "); request it from outside the implementation";
        }
        if (to == null) {
            plan = StatePlan.nothing("no implementation left");
            return null;
        }
        try {
            to.impl();
        } catch (Throwable e) {
            return "implementation " + to.name() + " cannot be obtained: " + describe(e);
        }
        if (from != null && from.impl() == to.impl() && from.impl() instanceof Transferable) {
            return "implementations " + from.name() + " and " + to.name() + " of " + slot.name() + " are one object ("
                    + from.impl().getClass().getName() + "): a swap between them would move its state into itself and"
                    + " free it; register the object once, under one mlos.impl";
        }
        try {
            plan = StatePlan.negotiate(slot, from, to);
        } catch (StatePlan.NoCommonFormat e) {
            if (!forced) {
                return e.getMessage();
            }
            plan = StatePlan.nothing(e.getMessage());
        }
        return null;
    }

    private SwapReport protocol() throws StepFailure {
        step = SwapStep.DRAIN;
        tracker.enter(Phase.QUIESCING);
        Drain early = plan.live() ? gate.startDirtyLog() : gate.mark();
        gate.mediate();
        drain(early);

        openState();
        if (plan.live()) {
            step = SwapStep.COPY;
            liveCopy();
        }

        step(SwapStep.HOLD, copy::stopIfAsked); // before callers are held for nothing
        step = SwapStep.HOLD;
        tracker.enter(Phase.DRAINING);
        holdStart = System.nanoTime();
        Drain inFlight = gate.hold();
        if (!inFlight.await(holdStart + drainNanos)) {
            throw new StepFailure(SwapStep.HOLD, inFlight.inFlight() + " call(s) still in flight on "
                    + from.name() + " after " + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms");
        }
        gate.boundHold(drainNanos);
        transferHeld();
        // The last ask: after the new implementation's beforeServing() it is bound to serve.
        step(SwapStep.CHECK, copy::stopIfAsked);
        check();

        step = SwapStep.SWITCH;
        tracker.enter(Phase.SWITCHING);
        gate.stopDirtyLog();
        gate.target(to == null ? null : to.impl());
        slot.active(to);
        switched = true;
        return completed();
    }

    /** After the switch: release, reopen the direct path, retire the old one. Nothing here can undo the swap. */
    private SwapReport completed() {
        release();
        gate.unmediate();
        quietly("export commit()", export == null ? null : export::commit);
        quietly("import commit()", imported == null ? null : imported::commit);
        if (from != null && from.impl() instanceof SwapAware aware) {
            quietly("retired()", aware::retired);
        }
        SwapOutcome outcome = plan.movesState() || plan.stateless() || from == null
                ? SwapOutcome.COMPLETED : SwapOutcome.FORCED;
        String note = joined(plan.note(), joined(export == null ? null : detail("export", export::detail),
                imported == null ? null : detail("import", imported::detail)));
        if (!afterSwitch.isEmpty()) {
            String failures = "after the switch: " + String.join("; ", afterSwitch);
            note = note == null ? failures : note + "; " + failures;
        }
        return report(outcome, null, note);
    }

    /** The export's or import's own word for the report; one that fails to say costs the swap nothing. */
    private String detail(String side, Supplier<String> detail) {
        try {
            return detail.get();
        } catch (RuntimeException e) {
            afterSwitch.add(side + " detail(): " + e);
            return null;
        }
    }

    private static String joined(String a, String b) {
        return a == null ? b : b == null ? a : a + "; " + b;
    }

    /** Copies while the old implementation serves, then replays changed keys until few are left. */
    private void liveCopy() throws StepFailure {
        long t0 = System.nanoTime();
        step(SwapStep.COPY, () -> copy.all(export, imported, Phase.PRE_COPY, 1, pace));
        for (int round = 0; round < MAX_LIVE_ROUNDS && gate.dirtyKeys() > FINAL_REPLAY_KEYS; round++) {
            step(SwapStep.COPY, copy::stopIfAsked);
            int pass = round + 2;
            tracker.enter(Phase.PRE_COPY, pass, -1, SwapTracker.KEYS);
            CallGate.Rotation rotation = gate.rotateDirtyLog();
            if (!rotation.drain().await(System.nanoTime() + drainNanos)) {
                throw new StepFailure(SwapStep.COPY, rotation.drain().inFlight() + " call(s) still in flight on "
                        + from.name() + " after " + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms");
            }
            step(SwapStep.COPY, () -> copy.replay(rotation.log(), (EntryExport) export, (EntryImport) imported,
                    Phase.PRE_COPY, pass, pace));
        }
        transferNanos += System.nanoTime() - t0;
    }

    /** Waits, holding no one, for the direct and the mediated calls that began before mediation. */
    private void drain(Drain early) throws StepFailure {
        long deadline = started + drainNanos;
        Quiescence.Result stuck = quiescence.awaitNoDirectCalls(slot.handleClassName(), deadline);
        quiescenceMethod = stuck.method();
        if (!stuck.quiet()) {
            throw new StepFailure(SwapStep.DRAIN, "calls still in flight on " + from.name() + " after "
                    + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms, in threads "
                    + stuck.stuck().stream().map(Thread::getName).collect(Collectors.joining(", "))
                    + (stuck.depthUnknown() ? " (stacks deeper than the JVM reports: the kernel cannot rule"
                            + " out a call below them; give the kernel java.management to read them whole)" : ""));
        }
        if (!early.await(deadline)) {
            throw new StepFailure(SwapStep.DRAIN, early.inFlight() + " mediated call(s) still in flight on "
                    + from.name() + " after " + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms");
        }
        drainMicros = micros(System.nanoTime() - started);
    }

    private void openState() throws StepFailure {
        if (!plan.movesState()) {
            return;
        }
        String format = plan.format();
        step = SwapStep.EXPORT;
        export = step(SwapStep.EXPORT, () -> ((Transferable) from.impl()).exportState(format));
        step = SwapStep.IMPORT;
        imported = step(SwapStep.IMPORT, () -> ((Transferable) to.impl()).importState(format));
        if (export == null || imported == null) {
            throw new StepFailure(export == null ? SwapStep.EXPORT : SwapStep.IMPORT,
                    "exportState/importState returned null for format " + format);
        }
        boolean entries = export instanceof EntryExport;
        if (entries != (imported instanceof EntryImport)) {
            throw new StepFailure(entries ? SwapStep.IMPORT : SwapStep.EXPORT, "format " + format
                    + ": the export and the import disagree on whether it is the entries format");
        }
    }

    private void transferHeld() throws StepFailure {
        if (!plan.movesState()) {
            return;
        }
        step = SwapStep.IMPORT;
        long t0 = System.nanoTime();
        if (plan.live()) {
            DirtyLog log = gate.stopDirtyLog();
            step(SwapStep.IMPORT, () -> copy.replay(log, (EntryExport) export, (EntryImport) imported,
                    Phase.REPLAY, 0, null));
        } else {
            step(SwapStep.IMPORT, () -> copy.all(export, imported, Phase.FINAL_COPY, 0, null));
        }
        transferNanos += System.nanoTime() - t0;
    }

    private void check() throws StepFailure {
        step = SwapStep.CHECK;
        tracker.enter(Phase.CHECKING);
        if (imported != null) {
            step(SwapStep.CHECK, () -> imported.check());
        }
        if (to != null && to.impl() instanceof SwapAware aware) {
            step(SwapStep.CHECK, () -> aware.beforeServing());
        }
    }

    private void release() {
        held = holdStart == 0 ? 0 : gate.heldCalls();
        // Measured before releasing: waking the held callers may preempt this thread.
        pauseMicros = holdStart == 0 ? 0 : micros(System.nanoTime() - holdStart);
        gate.release();
    }

    /**
     * Before the switch: puts everything back, or, when the old implementation is leaving anyway,
     * switches without (all of) its state. The state callbacks are aborted before the new
     * implementation serves, so an abort cannot wipe writes made after a forced switch.
     */
    private SwapReport fail(SwapStep failed, String reason) {
        try {
            gate.stopDirtyLog();
            quietly("export abort()", export == null ? null : export::abort);
            quietly("import abort()", imported == null ? null : imported::abort);
            if (forced) {
                gate.target(to == null ? null : to.impl());
                slot.active(to);
            } else {
                gate.target(from.impl());
            }
        } finally {
            release();
            gate.unmediate();
        }
        String why = afterSwitch.isEmpty() ? reason : reason + "; while rolling back: " + String.join("; ", afterSwitch);
        return report(forced ? SwapOutcome.FORCED : SwapOutcome.ROLLED_BACK, failed, why);
    }

    private SwapReport report(SwapOutcome outcome, SwapStep failed, String reason) {
        return SwapReport.builder(slot.name())
                .from(from == null ? null : from.name()).to(to == null ? null : to.name())
                .trigger(trigger).format(plan.formatName()).mode(plan.mode())
                .moved(plan.movesState() ? copy.entries() : 0, plan.movesState() ? copy.bytes() : 0)
                .replayed(copy.replayed()).drainMicros(drainMicros).transferMicros(micros(transferNanos))
                .pauseMicros(pauseMicros).totalMicros(micros(System.nanoTime() - started)).callsHeld(held)
                .outcome(outcome, failed, reason).startedAtMillis(startedWall)
                .quiescence(quiescenceMethod)
                .build();
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    /** Runs a callback whose failure must not stop the cleanup; remembers the failure for the report. */
    private void quietly(String what, Runnable r) {
        if (r == null) {
            return;
        }
        try {
            r.run();
        } catch (Throwable e) {
            afterSwitch.add(what + " failed: " + describe(e));
            LOG.log(System.Logger.Level.WARNING, what + " failed in the swap of " + slot.name()
                    + " after the swap was decided", e);
        }
    }

    private interface Step<R> {
        R run() throws Exception;
    }

    private interface VoidStep {
        void run() throws Exception;
    }

    /** Runs a step; anything it throws, Errors included, becomes a failure of that step. */
    private static <R> R step(SwapStep step, Step<R> body) throws StepFailure {
        try {
            return body.run();
        } catch (StateCopy.ImportFailure e) {
            throw new StepFailure(SwapStep.IMPORT, describe(e.getCause()));
        } catch (StateCopy.Stopped e) {
            throw new StepFailure(step, "stopped by its requester: " + e.getMessage());
        } catch (Throwable e) {
            throw new StepFailure(step, describe(e));
        }
    }

    private static void step(SwapStep step, VoidStep body) throws StepFailure {
        step(step, () -> {
            body.run();
            return null;
        });
    }

    static String describe(Throwable e) {
        if (e instanceof RemoteCallException r && (r.failure() == RemoteCallException.Failure.NODE_LOST
                || r.failure() == RemoteCallException.Failure.TIMEOUT)) {
            return lostNode(r);
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * A node lost, or silent, under a step of a swap to or from it, in the swap's words: the call's
     * own message ended in advice for a call's maker ("it did not run …, so it may be sent again"),
     * which read as if the swap could be.
     */
    private static String lostNode(RemoteCallException r) {
        String during = r.method().startsWith("(") ? r.kind() + "'s " + r.method().substring(1, r.method().length() - 1)
                : r.kind() + "." + r.method();
        if (r.failure() == RemoteCallException.Failure.TIMEOUT) {
            return "node " + r.node() + " did not answer in time during " + during + " (" + r.detail() + ")";
        }
        // lost: the node, or only the instance on it (a host restarted at the same address)
        return "the remote instance on node " + r.node() + " was lost during " + during + " (" + r.detail() + "); a kind"
                + " whose implementation it was fails over on its own (mlos history shows it)";
    }

    /** A step failed; carries the step to the report. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final SwapStep step;

        StepFailure(SwapStep step, String message) {
            super(message, null, false, false);
            this.step = step;
        }
    }
}
