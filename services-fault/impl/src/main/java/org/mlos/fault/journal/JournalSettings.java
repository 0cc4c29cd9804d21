package org.mlos.fault.journal;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.mlos.core.settings.Settings;
import org.mlos.fault.api.Durability;
import org.mlos.fault.log.SegmentLog;

/**
 * The fault services' framework properties, read once: where the files go, how durable a
 * record is on return, how large segments are.
 *
 * @param dir          {@value Durability#DIR_PROPERTY}; null when unset (the journal makes a temporary one)
 * @param dirGiven     whether the folder was named (else nothing outlives the process)
 * @param durability   {@value Durability#PROPERTY}, default {@code none}
 * @param batchMillis  {@value Durability#BATCH_MS_PROPERTY}
 * @param segmentBytes {@value #SEGMENT_MB_PROPERTY} × 1 MB
 */
public record JournalSettings(Path dir, boolean dirGiven, Durability durability, long batchMillis, int segmentBytes) {

    public static final String SEGMENT_MB_PROPERTY = "mlos.fault.segment.mb";

    /**
     * Settings from properties ({@code BundleContext::getProperty}, {@code System::getProperty}).
     *
     * @throws IllegalArgumentException naming the property, for a value that makes no sense
     */
    public static JournalSettings from(UnaryOperator<String> props) {
        String d = props.apply(Durability.PROPERTY);
        Durability durability = d == null || d.isBlank() ? Durability.NONE : Durability.parse(d);
        long batch = Durability.parseBatchMillis(props.apply(Durability.BATCH_MS_PROPERTY));
        int segment = Settings.of(props::apply, "framework property").integer(SEGMENT_MB_PROPERTY,
                SegmentLog.DEFAULT_SEGMENT_BYTES >> 20, 1, 1024) << 20;
        String dir = props.apply(Durability.DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return new JournalSettings(Path.of(dir.trim()), true, durability, batch, segment);
        }
        return new JournalSettings(null, false, durability, batch, segment);
    }
}
