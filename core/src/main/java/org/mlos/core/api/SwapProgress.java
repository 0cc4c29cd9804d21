package org.mlos.core.api;

import java.util.Locale;

/**
 * A swap under way, as the kernel saw it at one instant ({@link Kernel#swapsInFlight()}): what a
 * command waiting for a large swap prints while it waits. Within one phase and pass,
 * {@code done} only grows; phases follow the order of {@link Phase}, skipping those a swap does not
 * go through.
 *
 * @param kind            the kind's fully qualified name
 * @param from            the implementation serving before the swap
 * @param to              the implementation swapped to, or null when none is left
 * @param trigger         why the swap runs ({@code request}, {@code impl-removed}…)
 * @param mode            {@code live}, {@code held}, {@code stateless}, or {@code -} until negotiated
 *                        (or when no state moves)
 * @param phase           where the swap is
 * @param pass            the pre-copy pass (1: every entry; 2 and on: the keys changed during the
 *                        pass before), 0 outside {@link Phase#PRE_COPY}
 * @param done            entries (or keys, see {@code unit}) moved so far in this phase and pass
 * @param total           how many this phase and pass will move, or -1 when not known
 * @param unit            what {@code done} and {@code total} count: {@code entries} or {@code keys}
 * @param startedAtMillis when the swap began, wall clock
 * @param elapsedMillis   how long it has run when this was taken
 * @since 1.5
 */
public record SwapProgress(String kind, String from, String to, String trigger, String mode, Phase phase, int pass,
        long done, long total, String unit, long startedAtMillis, long elapsedMillis) {

    /** The phases of a swap, in order (see the swap protocol in core's README). */
    public enum Phase {
        /**
         * Making the implementation asked for available before the swap proper: for
         * {@code <impl>@<node>}, opening a new instance on that node (an
         * {@link ImplementationSource}). Nothing moves yet.
         */
        PROVIDING("providing the implementation"),
        /** Checking the request and agreeing on a state format. */
        NEGOTIATING("negotiating"),
        /** Waiting, holding no one, for the calls that began before the swap. */
        QUIESCING("quiescing"),
        /** Copying state while the old implementation keeps serving (live swaps). */
        PRE_COPY("pre-copy"),
        /** New calls held; waiting for the calls in flight. */
        DRAINING("draining in-flight calls"),
        /** Copying the whole state with callers held (held swaps). */
        FINAL_COPY("final copy"),
        /** Replaying the keys changed since the last pre-copy pass, callers held (live swaps). */
        REPLAY("replay"),
        /** The new implementation's checks before it serves. */
        CHECKING("checking"),
        /** Pointing the handle at the new implementation, releasing held calls, retiring the old one. */
        SWITCHING("switching");

        private final String words;

        Phase(String words) {
            this.words = words;
        }

        /** The phase in words, as progress lines show it. */
        public String words() {
            return words;
        }
    }

    /** The kind's simple name. */
    public String simpleName() {
        return kind.substring(Math.max(kind.lastIndexOf('.'), kind.lastIndexOf('$')) + 1);
    }

    /**
     * One line for people, e.g. {@code swap KeyValueStore heap -> slab: pre-copy pass 2,
     * 412,000/1,000,000 entries, 3.1 s}.
     */
    public String toLine() {
        StringBuilder b = new StringBuilder("swap ").append(simpleName()).append(' ').append(from).append(" -> ")
                .append(to == null ? "(none)" : to).append(": ").append(phase.words());
        if (phase == Phase.PRE_COPY) {
            b.append(" pass ").append(pass);
        }
        if (done > 0 || total >= 0) {
            b.append(", ").append(String.format(Locale.ROOT, "%,d", done));
            if (total >= 0) {
                b.append('/').append(String.format(Locale.ROOT, "%,d", total));
            }
            b.append(' ').append("keys".equals(unit) ? "changed keys" : unit);
        }
        return b.append(String.format(Locale.ROOT, ", %.1f s", elapsedMillis / 1000.0)).toString();
    }
}
