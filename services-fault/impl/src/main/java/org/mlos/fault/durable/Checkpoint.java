package org.mlos.fault.durable;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;

/**
 * The file {@code checkpoint}: the store's entries as its export gave them, and the journal
 * index from which replay must start. Written beside as {@code checkpoint.tmp}, forced, then
 * renamed over the old one, so a crash leaves either checkpoint whole. A checksum closes it.
 */
final class Checkpoint {

    static final String FILE = "checkpoint";
    private static final int MAGIC = 0x4D4C4350; // "MLCP"
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    /**
     * Writes a checkpoint of {@code export} taken when the journal was at {@code journalIndex},
     * each entry as {@code settle} gives it (null: none); returns its entries.
     */
    static long write(Path dir, long journalIndex, EntryExport export, UnaryOperator<Object> settle) throws Exception {
        Path tmp = dir.resolve(FILE + ".tmp");
        CRC32C crc = new CRC32C();
        long[] count = { 0 };
        try (OutputStream file = Files.newOutputStream(tmp);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(file, crc), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(journalIndex);
            Exception[] failure = { null };
            export.forEach(entry -> {
                if (failure[0] != null) {
                    return;
                }
                try {
                    Object settled = settle.apply(entry);
                    if (settled == null) {
                        return;
                    }
                    byte[] r = Mutations.of(settled);
                    out.writeInt(r.length);
                    out.write(r);
                    count[0]++;
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
            out.writeInt(-1);
            out.writeLong(count[0]);
            out.flush();
            out.writeLong(crc.getValue());
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
        return count[0];
    }

    /**
     * Loads the checkpoint into {@code target}; returns the journal index replay starts from and
     * the entries loaded, or {0, 0} when there is none.
     *
     * @throws IOException naming the file when it is damaged
     */
    static long[] read(Path dir, EntryImport target) throws Exception {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return new long[] { 0, 0 };
        }
        CRC32C crc = new CRC32C();
        try (InputStream file = Files.newInputStream(f);
                CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(file, 1 << 16), crc);
                DataInputStream in = new DataInputStream(checked)) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("checkpoint " + f + " is not a durable store checkpoint (version " + VERSION + ")");
            }
            long index = in.readLong();
            long n = 0;
            for (int len = in.readInt(); len != -1; len = in.readInt()) {
                if (len < 1) {
                    throw new IOException("checkpoint " + f + " is damaged at entry " + n);
                }
                byte[] r = new byte[len];
                in.readFully(r);
                Mutations.apply(r, target);
                n++;
            }
            long declared = in.readLong();
            long sum = crc.getValue();
            long stored = in.readLong();
            if (declared != n || stored != sum) {
                throw new IOException("checkpoint " + f + " is damaged (checksum or entry count wrong)");
            }
            return new long[] { index, n };
        } catch (EOFException e) {
            throw new IOException("checkpoint " + f + " is cut short: restore it, or remove it and the journal to start empty", e);
        }
    }
}
