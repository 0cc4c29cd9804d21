package org.mlos.core.api;

/**
 * The record of one swap.
 *
 * @param kind           fully qualified kind name
 * @param from           implementation that served before, or {@code null} if none did
 * @param to             implementation requested
 * @param trigger        why the swap ran: {@code request}, {@code configuration},
 *                       {@code preferred-arrived}, {@code impl-removed}
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
 */
public record SwapReport(String kind, String from, String to, String trigger, String format,
        String mode, long entries, long bytes, long replayed, long drainMicros,
        long transferMicros, long pauseMicros, long totalMicros, long callsHeld,
        SwapOutcome outcome, SwapStep failedStep, String reason, long startedAtMillis) {

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
                .append(" held=").append(callsHeld);
        if (failedStep != null) {
            b.append(" failed_step=").append(failedStep);
        }
        if (reason != null) {
            b.append(" reason=\"").append(reason).append('"');
        }
        return b.toString();
    }
}
