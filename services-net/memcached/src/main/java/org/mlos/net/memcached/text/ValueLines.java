package org.mlos.net.memcached.text;

import org.mlos.mem.api.ValueReader;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;

/**
 * Writes a get's hit as memcached's {@code VALUE} line and data block straight from where the store
 * holds the value ({@link Operations#read}): no entry and no copy of the value are made for the
 * reply. One per connection, reused for every key, so a get allocates no reader either.
 */
final class ValueLines implements ValueReader {

    private static final byte[] VALUE = { 'V', 'A', 'L', 'U', 'E', ' ' };

    private final Operations ops;
    private Output out;
    private String key;
    private boolean withCas;

    ValueLines(Operations ops) {
        this.ops = ops;
    }

    /** Looks {@code key} up and, if found, writes its value lines to {@code out}; whether it was found. */
    boolean get(String key, boolean withCas, Output out) {
        this.out = out;
        this.key = key;
        this.withCas = withCas;
        return ops.read(key, this);
    }

    @Override
    public void read(byte[] bytes, int offset, int length, int flags, long cas) {
        Output o = out;
        o.bytes(VALUE).ascii(key).byte1(' ').unsigned(flags & 0xffffffffL).byte1(' ').number(length);
        if (withCas) {
            o.byte1(' ').number(cas);
        }
        o.crlf().bytes(bytes, offset, length).crlf();
        ops.fetched(key, cas);
    }
}
