package org.mlos.cluster.remote.transport;

import java.util.function.Consumer;

import org.mlos.core.remote.EntryCodec;
import org.mlos.core.remote.WireIn;
import org.mlos.core.remote.WireOut;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;

/**
 * The kernel's export out of a remote instance (bringing a kind home): the host streams its
 * instance's entries, a few chunks ahead of the caller, and the caller fetches them chunk by chunk
 * until the last; the replay's single keys are read from the live instance.
 */
final class RemoteEntryExport implements EntryExport {

    private final RemoteBinding binding;
    private final EntryCodec codec;
    private boolean opened;
    /** The host's count when it opened the export (an older host tells none: -1). */
    private long announced = -1;
    /** The count the last chunk gave, once read. */
    private long entries = -1;

    RemoteEntryExport(RemoteBinding binding, EntryCodec codec) {
        this.binding = binding;
        this.codec = codec;
    }

    @Override
    public void forEach(Consumer<? super StateEntry> sink) {
        open();
        for (int c = 0;; c++) {
            int index = c;
            WireIn in = binding.state("export chunk", Frames.EXPORT_CHUNK, b -> b.appendInt(index));
            boolean last = in.readByte() == 1;
            long soFar = in.readLong();
            while (in.remaining() > 0) {
                sink.accept(codec.readEntry(in));
            }
            if (last) {
                entries = soFar;
                return;
            }
        }
    }

    @Override
    public StateEntry entry(Object key) {
        WireOut k = new WireOut(32);
        codec.writeKey(k, key);
        WireIn in = binding.state("export entry", Frames.EXPORT_ENTRY, b -> b.appendBytes(k.array(), 0, k.size()));
        return in.present() ? codec.readEntry(in) : null;
    }

    @Override
    public void forEachBeside(Consumer<? super StateEntry> sink) {
        open();
        WireIn in = binding.state("export beside", Frames.EXPORT_BESIDE, b -> {
        });
        while (in.remaining() > 0) {
            sink.accept(codec.readEntry(in));
        }
    }

    /**
     * The entries read, once the export is through; before, the host's own count, which the kernel
     * asks first to show a copy's progress as n/total (the export is opened for it then).
     */
    @Override
    public long entries() {
        if (entries >= 0) {
            return entries;
        }
        open();
        return announced;
    }

    private void open() {
        if (opened) {
            return;
        }
        WireIn in = binding.state("export", Frames.EXPORT_OPEN, b -> Frames.appendString(b, org.mlos.core.state.StateFormats.ENTRIES));
        opened = true;
        announced = in.remaining() >= Long.BYTES ? in.readLong() : -1;
    }

    @Override
    public void commit() {
        binding.state("export commit", Frames.EXPORT_END, b -> b.appendByte(HostedStates.END_COMMIT));
    }

    @Override
    public void abort() {
        binding.state("export abort", Frames.EXPORT_END, b -> b.appendByte(HostedStates.END_ABORT));
    }
}
