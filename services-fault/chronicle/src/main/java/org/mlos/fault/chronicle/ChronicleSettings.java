package org.mlos.fault.chronicle;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.mlos.core.settings.Settings;
import org.mlos.fault.api.Durability;

/**
 * The framework properties the chronicle journal reads, the same names as the {@code segments}
 * journal's: where ({@value Durability#DIR_PROPERTY}), how durable, and the block size
 * ({@value #BLOCK_MB_PROPERTY}, Chronicle's unit of mapping; a record may take a quarter).
 *
 * @param dir         the folder, null when unset (a temporary one is made on first use)
 * @param durability  {@value Durability#PROPERTY}, default none
 * @param batchMillis {@value Durability#BATCH_MS_PROPERTY}
 * @param blockBytes  {@value #BLOCK_MB_PROPERTY} × 1 MB
 */
record ChronicleSettings(Path dir, Durability durability, long batchMillis, long blockBytes) {

    static final String BLOCK_MB_PROPERTY = "mlos.fault.segment.mb";

    static ChronicleSettings from(UnaryOperator<String> props) {
        String d = props.apply(Durability.PROPERTY);
        Durability durability = d == null || d.isBlank() ? Durability.NONE : Durability.parse(d);
        long batch = Durability.parseBatchMillis(props.apply(Durability.BATCH_MS_PROPERTY));
        long block = (long) Settings.of(props::apply, "framework property").integer(BLOCK_MB_PROPERTY, 64, 1, 1024) << 20;
        String dir = props.apply(Durability.DIR_PROPERTY);
        return new ChronicleSettings(dir == null || dir.isBlank() ? null : Path.of(dir.trim()), durability, batch, block);
    }
}
