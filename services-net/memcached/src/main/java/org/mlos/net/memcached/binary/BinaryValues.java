package org.mlos.net.memcached.binary;

import org.mlos.mem.api.ValueReader;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;

/**
 * Writes a binary get's hit (GET, GETQ, GETK, GETKQ) straight from where the store holds the value
 * ({@link Operations#read}): no entry and no copy of the value are made for the reply. One per
 * connection, reused for every request.
 */
final class BinaryValues implements ValueReader {

    private final Operations ops;
    private Output out;
    private BinaryRequest request;
    private String key;
    private boolean withKey;

    BinaryValues(Operations ops) {
        this.ops = ops;
    }

    /** Looks the request's key up and, if found, writes the reply to {@code out}; whether it was found. */
    boolean get(String key, BinaryRequest request, boolean withKey, Output out) {
        this.out = out;
        this.request = request;
        this.key = key;
        this.withKey = withKey;
        return ops.read(key, this);
    }

    @Override
    public void read(byte[] bytes, int offset, int length, int flags, long cas) {
        int keyLength = withKey ? request.keyLength() : 0;
        BinaryCommands.header(out, request, BinaryCommands.OK, keyLength, 4, 4 + keyLength + length, cas);
        out.int32(flags);
        if (withKey) {
            out.text(key);
        }
        out.bytes(bytes, offset, length);
        ops.fetched(key, cas);
    }
}
