package org.mlos.fault.chronicle;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import net.openhft.chronicle.queue.RollCycle;

/**
 * Forces a journal's cycle files to storage from any thread. Chronicle's own msync goes through
 * an appender up to that appender's last excerpt, and appenders belong to threads: a batch
 * flusher or an operator's {@code sync} has none that saw the others' excerpts. An fsync of the
 * file writes back every dirty page of it, those dirtied through the mapping included (Linux).
 * The newest cycle's channel stays open; an older cycle is forced once more after a roll.
 */
final class CycleSync implements Closeable {

    private final Path dir;
    private final RollCycle rollCycle;
    private FileChannel channel;
    private int channelCycle = -1;
    private int forcedCycle = -1;

    CycleSync(Path dir, RollCycle rollCycle) {
        this.dir = dir;
        this.rollCycle = rollCycle;
    }

    /** Forces the files of the cycles written since the last call (the newest, and any it rolled from). */
    synchronized void force(CycleBases bases) {
        CycleBases.Base newest = bases.newest();
        if (newest == null) {
            return;
        }
        try {
            for (int c : bases.cycles()) {
                if (c >= forcedCycle && c != newest.cycle()) {
                    forceOnce(c);
                }
            }
            if (channelCycle != newest.cycle()) {
                closeChannel();
                channel = FileChannel.open(file(newest.cycle()), StandardOpenOption.WRITE);
                channelCycle = newest.cycle();
            }
            channel.force(false);
            forcedCycle = newest.cycle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the journal's cycle files in " + dir + " to storage: " + e, e);
        }
    }

    private void forceOnce(int c) throws IOException {
        try (FileChannel ch = FileChannel.open(file(c), StandardOpenOption.WRITE)) {
            ch.force(false);
        } catch (NoSuchFileException e) {
            // dropped by retention meanwhile: nothing of it to keep
        }
    }

    private Path file(int c) {
        return ChronicleQueueOpen.cycleFile(dir.toFile(), rollCycle, c).toPath();
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
            channelCycle = -1;
        }
    }

    /** Closes the open channel; a later force opens another. */
    @Override
    public synchronized void close() {
        try {
            closeChannel();
        } catch (IOException e) {
            // nothing was forced through it since the last force: nothing to lose
        }
        forcedCycle = -1;
    }
}
