package org.mlos.cluster.auth;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.impl.QueryableEntry;

/**
 * Whether a map entry, as Hazelcast holds it, has the shape of a sealed entry (a {@code String}
 * key, a {@code byte[]} value) and lengths that its bytes can hold: read from the bytes, before
 * anything is built. Hazelcast builds what the bytes say: a list that declares 2^31 elements (200
 * bytes, written by anyone who reached a member port) took every node out of memory, a byte array
 * of a forged length too, and 20,000 nested lists overflowed every reader's stack. As a
 * {@link Predicate}, the members that hold the entries leave out the others before any is sent
 * or deserialized.
 */
public final class SealedShape implements Predicate<Object, Object>, DataSerializable {

    private static final long serialVersionUID = 1L;
    /** Hazelcast's own type ids of a {@code String} and a {@code byte[]}. */
    static final int STRING = -11;
    static final int BYTE_ARRAY = -12;
    /** Where a value's own bytes start in Hazelcast's form: after its partition hash and type id. */
    private static final int PAYLOAD = 8;

    private String key;

    /** Every entry of the shape; Hazelcast's constructor for reading one. */
    public SealedShape() {
    }

    /** The entry of this key only, if it has the shape. */
    public SealedShape(String key) {
        this.key = key;
    }

    @Override
    public boolean apply(Map.Entry<Object, Object> entry) {
        if (!(entry instanceof QueryableEntry<?, ?> q) || !fits(q.getKeyData(), q.getValueData())) {
            return false;
        }
        return key == null || key.equals(q.getKey());
    }

    /** A String key and a byte array value (or none: a removal), each of a length its bytes hold. */
    public static boolean fits(Data key, Data value) {
        return isString(key) && (value == null || isByteArray(value));
    }

    static boolean isString(Data d) {
        int n = length(d, STRING);
        return n >= 0 && n <= d.dataSize() - 4; // UTF-8 bytes: at most what is left
    }

    static boolean isByteArray(Data d) {
        int n = length(d, BYTE_ARRAY);
        return n >= 0 && n == d.dataSize() - 4; // exactly what is left
    }

    /** The length a value of this type declares first, or -1. */
    private static int length(Data d, int type) {
        if (d == null || d.getType() != type || d.dataSize() < 4) {
            return -1;
        }
        byte[] b = d.toByteArray();
        if (b == null || b.length < PAYLOAD + 4) {
            return -1;
        }
        return (b[PAYLOAD] & 0xff) << 24 | (b[PAYLOAD + 1] & 0xff) << 16 | (b[PAYLOAD + 2] & 0xff) << 8 | (b[PAYLOAD + 3] & 0xff);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(key);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        key = in.readString();
    }
}
