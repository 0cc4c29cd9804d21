package org.mlos.cluster.remote.transport;

import org.mlos.core.remote.EntryCodec;
import org.mlos.core.remote.WireOut;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;

/**
 * The kernel's import into a remote instance: puts, removes and clears are batched, in order,
 * into frames of about {@value HostedStates#CHUNK_BYTES} bytes; a batch is sent when full and
 * before check, commit or abort, so the host applies exactly what the kernel sent, in its order.
 */
final class RemoteEntryImport implements EntryImport {

    private final RemoteBinding binding;
    private final EntryCodec codec;
    private final WireOut batch = new WireOut(HostedStates.CHUNK_BYTES + 4096);

    RemoteEntryImport(RemoteBinding binding, EntryCodec codec) {
        this.binding = binding;
        this.codec = codec;
    }

    @Override
    public void put(StateEntry entry) {
        batch.writeByte(HostedStates.OP_PUT);
        codec.writeEntry(batch, entry);
        flushIfFull();
    }

    @Override
    public void remove(Object key) {
        batch.writeByte(HostedStates.OP_REMOVE);
        codec.writeKey(batch, key);
        flushIfFull();
    }

    @Override
    public void clear() {
        batch.writeByte(HostedStates.OP_CLEAR);
        flushIfFull();
    }

    private void flushIfFull() {
        if (batch.size() >= HostedStates.CHUNK_BYTES) {
            flush();
        }
    }

    private void flush() {
        if (batch.size() > 0) {
            binding.state("import", Frames.IMPORT_OPS, b -> b.appendBytes(batch.array(), 0, batch.size()));
            batch.reset();
        }
    }

    @Override
    public void check() {
        flush();
        binding.state("import check", Frames.IMPORT_END, b -> b.appendByte(HostedStates.END_CHECK));
    }

    @Override
    public void commit() {
        flush();
        binding.state("import commit", Frames.IMPORT_END, b -> b.appendByte(HostedStates.END_COMMIT));
    }

    @Override
    public void abort() {
        batch.reset();
        binding.state("import abort", Frames.IMPORT_END, b -> b.appendByte(HostedStates.END_ABORT));
    }
}
