package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider changed bytes inside a record of a durable store's {@code segments} journal and
 * started the node again: the journal ended at the damaged record and set aside the 1,185 after it
 * (a WARNING said so), but the recovery line said no {@code journal_damaged} and the store's
 * {@code lastRecovery().damaged()} (the {@code mlos_durable_recovery_damaged} metric) read 0, where on
 * {@code chronicle} a damaged record is counted. The records the journal dropped as it opened count.
 */
class ADurableStoreOnSegmentsSaidNoRecordWasDamagedTest {

    private static final int KEYS = 200;
    private static final int DAMAGED = 77;

    @TempDir
    Path dir;

    private final KilledNodes nodes = new KilledNodes();

    private static byte[] value(int i) {
        return String.format("value-%04d-of-the-key-%04d", i, i).getBytes(StandardCharsets.ISO_8859_1);
    }

    private JournalSettings settings() {
        return new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
    }

    @Test
    void theRecordsTheJournalDroppedAsItOpenedAreCountedAsDamaged() throws Exception {
        DurableStore first = nodes.durable(new HeapStore(64L << 20), settings());
        first.recover();
        for (int i = 0; i < KEYS; i++) {
            first.set("k" + i, value(i), 0, 0);
        }
        damage(value(DAMAGED)); // not closed: a close checkpoints, and the records would leave the journal

        DurableStore again = nodes.durable(new HeapStore(64L << 20), settings());
        try {
            String line = String.valueOf((Object) again.recover());
            int lost = KEYS - DAMAGED;
            assertTrue(line.contains("journal_records=" + DAMAGED + " journal_damaged=" + lost + " "), line);
            assertEquals(lost, again.lastRecovery().damaged(), "the store's own figure, the metric's");
            assertNull(again.get("k" + DAMAGED));
            assertArrayEquals(value(DAMAGED - 1), again.get("k" + (DAMAGED - 1)).value());
            assertEquals(DAMAGED, again.size());
        } finally {
            again.close();
        }
    }

    /** Overwrites four bytes of {@code value} in the journal's segment: the record's checksum fails. */
    private void damage(byte[] value) throws Exception {
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("store").resolve("journal"))) {
            List<Path> segs = s.filter(p -> p.getFileName().toString().endsWith(".seg")).toList();
            assertEquals(1, segs.size(), segs.toString());
            segment = segs.get(0);
        }
        byte[] all = Files.readAllBytes(segment);
        int at = indexOf(all, value);
        assertTrue(at > 0, "the value is in the segment");
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] { -1, -1, -1, -1 }), at + 6);
        }
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
