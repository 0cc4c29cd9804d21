package org.mlos.core.api;

/**
 * The record of one swap.
 *
 * @param kind           fully qualified kind name
 * @param from           implementation that served before, or {@code null} if none did
 * @param to             implementation requested
 * @param trigger        why the swap ran: {@code request}, {@code configuration},
 *                       {@code preferred-arrived}, {@code impl-removed}; a rollout's move of a
 *                       kind aside and back around a bundle update, and a kind's restart in
 *                       place ({@link Kernel#restartInPlace}), {@value #ROLLOUT}
 * @param format         state format used, {@code none} for stateless kinds, or {@code -} if
 *                       no state moved
 * @param mode           {@code live} (copied while serving, then a short replay), {@code held}
 *                       (copied with callers held), or {@code stateless}
 * @param entries        state entries moved (for the entries format; -1 if unknown)
 * @param bytes          state bytes moved as the entries reported them (-1 if unknown)
 * @param replayed       keys replayed after a live copy
 * @param drainMicros    time spent waiting for calls that started before mediation
 * @param transferMicros time spent moving state (live copy plus replay, or the held copy)
 * @param pauseMicros    time during which new calls were held
 * @param totalMicros    the whole swap
 * @param callsHeld      calls that waited while new calls were held
 * @param outcome        how the swap ended
 * @param failedStep     the step that failed, {@code null} if none did
 * @param reason         what went wrong, or {@code null}
 * @param startedAtMillis wall-clock start time (epoch milliseconds)
 * @param quiescence     how the drain established that no direct call was in flight:
 *                       {@code stack-traces}; {@code stack-traces+thread-dump} when stacks deeper
 *                       than stack traces show were read whole from the JVM's thread dump;
 *                       {@code stack-traces(cut)} when one could not be (no java.management);
 *                       {@code -} when the swap did not get that far
 */
public record SwapReport(String kind, String from, String to, String trigger, String format,
        String mode, long entries, long bytes, long replayed, long drainMicros,
        long transferMicros, long pauseMicros, long totalMicros, long callsHeld,
        SwapOutcome outcome, SwapStep failedStep, String reason, long startedAtMillis, String quiescence) {

    /** The trigger of a rollout's swaps and of a kind's restart in place: the swap supervisor leaves them be. @since 1.12 */
    public static final String ROLLOUT = "rollout";


    /** A report for a kind, built field by field; unset figures are 0, unset names {@code -}. */
    public static Builder builder(String kind) {
        return new Builder(kind);
    }

    /** Builds a {@link SwapReport} without its positional constructor. */
    public static final class Builder {
        private final String kind;
        private String from;
        private String to;
        private String trigger = "request";
        private String format = "-";
        private String mode = "-";
        private long entries;
        private long bytes;
        private long replayed;
        private long drainMicros;
        private long transferMicros;
        private long pauseMicros;
        private long totalMicros;
        private long callsHeld;
        private SwapOutcome outcome = SwapOutcome.COMPLETED;
        private SwapStep failedStep;
        private String reason;
        private long startedAtMillis = System.currentTimeMillis();
        private String quiescence = "-";

        private Builder(String kind) {
            this.kind = kind;
        }

        public Builder from(String impl) { this.from = impl; return this; }
        public Builder to(String impl) { this.to = impl; return this; }
        public Builder trigger(String t) { this.trigger = t; return this; }
        public Builder format(String f) { this.format = f; return this; }
        public Builder mode(String m) { this.mode = m; return this; }
        public Builder moved(long entryCount, long byteCount) { this.entries = entryCount; this.bytes = byteCount; return this; }
        public Builder replayed(long keys) { this.replayed = keys; return this; }
        public Builder drainMicros(long us) { this.drainMicros = us; return this; }
        public Builder transferMicros(long us) { this.transferMicros = us; return this; }
        public Builder pauseMicros(long us) { this.pauseMicros = us; return this; }
        public Builder totalMicros(long us) { this.totalMicros = us; return this; }
        public Builder callsHeld(long calls) { this.callsHeld = calls; return this; }
        public Builder startedAtMillis(long millis) { this.startedAtMillis = millis; return this; }
        public Builder quiescence(String how) { this.quiescence = how; return this; }

        /** How it ended; {@code failed} and {@code why} may be null. */
        public Builder outcome(SwapOutcome o, SwapStep failed, String why) {
            this.outcome = o;
            this.failedStep = failed;
            this.reason = why;
            return this;
        }

        public SwapReport build() {
            return new SwapReport(kind, from, to, trigger, format, mode, entries, bytes, replayed, drainMicros,
                    transferMicros, pauseMicros, totalMicros, callsHeld, outcome, failedStep, reason,
                    startedAtMillis, quiescence);
        }
    }

    /** One line, {@code key=value} pairs, as the shell commands print it. */
    public String toLine() {
        StringBuilder b = new StringBuilder(160)
                .append(outcome).append(' ').append(kind).append(' ')
                .append(from).append(" -> ").append(to)
                .append(" trigger=").append(trigger)
                .append(" format=").append(format)
                .append(" mode=").append(mode)
                .append(" entries=").append(entries)
                .append(" bytes=").append(bytes)
                .append(" replayed=").append(replayed)
                .append(" drain_us=").append(drainMicros)
                .append(" transfer_us=").append(transferMicros)
                .append(" pause_us=").append(pauseMicros)
                .append(" total_us=").append(totalMicros)
                .append(" held=").append(callsHeld)
                .append(" quiescence=").append(quiescence);
        if (failedStep != null) {
            b.append(" failed_step=").append(failedStep);
        }
        if (reason != null) {
            b.append(" reason=\"").append(reason).append('"');
        }
        return b.toString();
    }
}
