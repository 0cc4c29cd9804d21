package org.mlos.core.kernel;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.handle.CallGate;
import org.mlos.core.handle.DirtyLog;
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
 * <li>drain: wait until no call that bypassed the mediator is still running;</li>
 * <li>copy (live swaps): copy the state while the old implementation keeps serving, then replay
 *     the keys changed meanwhile, round after round while they keep serving, until few are left
 *     (the pre-copy of live VM migration);</li>
 * <li>hold: hold new calls, wait until none is in flight (re-entrant calls pass);</li>
 * <li>transfer: replay the keys changed during the copy, or copy everything (held swaps);</li>
 * <li>check, switch, release the held calls, retire the old implementation.</li>
 * </ol>
 *
 * Until the switch, any failure puts everything back: the old implementation keeps serving with
 * its state, the held calls run on it, and the report names the failed step. Runs under the
 * kind's lock.
 */
final class SwapProtocol<T> {

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

    private final long started = System.nanoTime();
    private final long startedWall = System.currentTimeMillis();
    private final StateCopy copy = new StateCopy();
    private StatePlan plan = StatePlan.nothing(null);
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
     */
    SwapProtocol(KindSlot<T> slot, Candidate<T> from, Candidate<T> to, String trigger, boolean forced,
            long drainMillis) {
        this.slot = slot;
        this.gate = slot.gate();
        this.from = from;
        this.to = to;
        this.trigger = trigger;
        this.forced = forced;
        this.drainNanos = TimeUnit.MILLISECONDS.toNanos(drainMillis);
    }

    SwapReport run() {
        String refusal = negotiate();
        if (refusal != null) {
            return report(SwapOutcome.REFUSED, SwapStep.NEGOTIATE, refusal);
        }
        gate.swapper(Thread.currentThread());
        try {
            return protocol();
        } catch (StepFailure f) {
            return fail(f.step, f.getMessage());
        } finally {
            gate.swapper(null);
        }
    }

    private String negotiate() {
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
        } catch (RuntimeException e) {
            return "implementation " + to.name() + " cannot be obtained: " + e.getMessage();
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
        CallGate.Drain early = plan.live() ? gate.startDirtyLog() : null;
        gate.mediate();
        drain(early);

        openState();
        if (plan.live()) {
            liveCopy();
        }

        holdStart = System.nanoTime();
        CallGate.Drain inFlight = gate.hold();
        if (!inFlight.await(holdStart + drainNanos)) {
            throw new StepFailure(SwapStep.HOLD, inFlight.inFlight() + " call(s) still in flight on "
                    + from.name() + " after " + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms");
        }
        transferHeld();
        check();

        gate.stopDirtyLog();
        gate.target(to == null ? null : to.impl());
        slot.active(to);
        release();
        gate.unmediate();
        finish(true);
        return report(plan.movesState() || plan.stateless() || from == null ? SwapOutcome.COMPLETED : SwapOutcome.FORCED,
                null, plan.note());
    }

    /** Copies while the old implementation serves, then replays changed keys until few are left. */
    private void liveCopy() throws StepFailure {
        long t0 = System.nanoTime();
        step(SwapStep.COPY, () -> copy.all(export, imported));
        for (int round = 0; round < MAX_LIVE_ROUNDS && gate.dirtyKeys() > FINAL_REPLAY_KEYS; round++) {
            CallGate.Rotation rotation = gate.rotateDirtyLog();
            if (!rotation.drain().await(System.nanoTime() + drainNanos)) {
                throw new StepFailure(SwapStep.COPY, rotation.drain().inFlight() + " call(s) still in flight on "
                        + from.name() + " after " + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms");
            }
            step(SwapStep.COPY, () -> copy.replay(rotation.log(), (EntryExport) export, (EntryImport) imported));
        }
        transferNanos += System.nanoTime() - t0;
    }

    private void drain(CallGate.Drain early) throws StepFailure {
        long deadline = started + drainNanos;
        List<Thread> stuck = Quiescence.awaitNoDirectCalls(slot.handleClassName(), deadline);
        if (!stuck.isEmpty()) {
            throw new StepFailure(SwapStep.DRAIN, "calls still in flight on " + from.name() + " after "
                    + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms, in threads "
                    + stuck.stream().map(Thread::getName).collect(Collectors.joining(", ")));
        }
        if (early != null && !early.await(deadline)) {
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
        export = step(SwapStep.EXPORT, () -> ((Transferable) from.impl()).exportState(format));
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
        long t0 = System.nanoTime();
        if (plan.live()) {
            DirtyLog log = gate.stopDirtyLog();
            step(SwapStep.IMPORT, () -> copy.replay(log, (EntryExport) export, (EntryImport) imported));
        } else {
            step(SwapStep.IMPORT, () -> copy.all(export, imported));
        }
        transferNanos += System.nanoTime() - t0;
    }

    private void check() throws StepFailure {
        if (imported != null) {
            step(SwapStep.CHECK, () -> imported.check());
        }
        if (to != null && to.impl() instanceof SwapAware aware) {
            step(SwapStep.CHECK, () -> aware.beforeServing());
        }
    }

    private void release() {
        held = gate.heldCalls();
        // Measured before releasing: waking the held callers may preempt this thread.
        pauseMicros = micros(System.nanoTime() - holdStart);
        gate.release();
    }

    private void finish(boolean switched) {
        if (switched) {
            quietly(export == null ? null : export::commit);
            quietly(imported == null ? null : imported::commit);
            if (from != null && from.impl() instanceof SwapAware aware) {
                quietly(aware::retired);
            }
        } else {
            quietly(export == null ? null : export::abort);
            quietly(imported == null ? null : imported::abort);
        }
    }

    private SwapReport fail(SwapStep step, String reason) {
        gate.stopDirtyLog();
        if (forced) {
            // The old implementation is leaving: serve from the new one, without (all of) its state.
            gate.target(to == null ? null : to.impl());
            slot.active(to);
            releaseIfHeld();
            gate.unmediate();
            finish(false);
            return report(SwapOutcome.FORCED, step, reason);
        }
        gate.target(from.impl());
        releaseIfHeld();
        gate.unmediate();
        finish(false);
        return report(SwapOutcome.ROLLED_BACK, step, reason);
    }

    private void releaseIfHeld() {
        if (holdStart != 0) {
            release();
        } else {
            gate.release();
        }
    }

    private SwapReport report(SwapOutcome outcome, SwapStep failed, String reason) {
        long total = micros(System.nanoTime() - started);
        return new SwapReport(slot.name(), from == null ? null : from.name(), to == null ? null : to.name(),
                trigger, plan.formatName(), plan.mode(), plan.movesState() ? copy.entries() : 0,
                plan.movesState() ? copy.bytes() : 0, copy.replayed(), drainMicros, micros(transferNanos),
                pauseMicros, total, held, outcome, failed, reason, startedWall);
    }

    private static long micros(long nanos) {
        return TimeUnit.NANOSECONDS.toMicros(nanos);
    }

    private static void quietly(Runnable r) {
        if (r == null) {
            return;
        }
        try {
            r.run();
        } catch (RuntimeException e) {
            System.getLogger(SwapProtocol.class.getName()).log(System.Logger.Level.WARNING,
                    "state callback failed after the swap was decided", e);
        }
    }

    private interface Step<R> {
        R run() throws Exception;
    }

    private interface VoidStep {
        void run() throws Exception;
    }

    private static <R> R step(SwapStep step, Step<R> body) throws StepFailure {
        try {
            return body.run();
        } catch (StateCopy.ImportFailure e) {
            throw new StepFailure(SwapStep.IMPORT, describe(e.getCause()));
        } catch (Exception | LinkageError e) {
            throw new StepFailure(step, describe(e));
        }
    }

    private static void step(SwapStep step, VoidStep body) throws StepFailure {
        step(step, () -> {
            body.run();
            return null;
        });
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
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
