package org.mlos.fault.supervise;

import java.util.function.UnaryOperator;

import org.mlos.core.settings.Settings;

/**
 * The swap supervisor's framework properties.
 *
 * @param probationMillis {@value #PROBATION_PROPERTY}: how long a completed swap stays on probation (0: no supervision)
 * @param maxSwapBacks    at most this many automatic swap-backs of a kind ...
 * @param windowMillis    ... in this window ({@value #INTENSITY_PROPERTY}={@code N/Ts}), then the kind is pinned
 */
public record SupervisionSettings(long probationMillis, int maxSwapBacks, long windowMillis) {

    public static final String PROBATION_PROPERTY = "mlos.fault.probation.ms";
    public static final String INTENSITY_PROPERTY = "mlos.fault.intensity";

    public static SupervisionSettings from(UnaryOperator<String> props) {
        long probation = Settings.of(props::apply, "framework property").number(PROBATION_PROPERTY, 10_000, 0,
                Long.MAX_VALUE);
        int n = 3;
        long window = 60_000;
        String i = props.apply(INTENSITY_PROPERTY);
        if (i != null && !i.isBlank()) {
            String[] f = i.trim().split("/");
            try {
                n = Integer.parseInt(f[0].trim());
                window = Long.parseLong(f[1].trim().replaceFirst("s$", "")) * 1000;
            } catch (RuntimeException e) {
                n = -1;
            }
            if (f.length != 2 || n < 1 || window < 1000) {
                throw new IllegalArgumentException(INTENSITY_PROPERTY + " must be N/Ts (at most N automatic swap-backs in T"
                        + " seconds, N ≥ 1, T ≥ 1), e.g. 3/60s; got '" + i + "'");
            }
        }
        return new SupervisionSettings(probation, n, window);
    }
}
