package org.mlos.net.memcached.binary;

import org.mlos.net.memcached.InputBuffer;

/**
 * The current request's header fields. One per connection, read again for each request: a
 * request is answered before the next is parsed, and the header costs no allocation.
 */
final class BinaryRequest {

    private int opcode;
    private int keyLength;
    private int extrasLength;
    private long bodyLength;
    private int opaque;
    private long cas;

    BinaryRequest read(InputBuffer in) {
        opcode = in.at(1) & 0xff;
        keyLength = in.uint16(2);
        extrasLength = in.at(4) & 0xff;
        bodyLength = in.int32(8) & 0xffffffffL;
        opaque = in.int32(12);
        cas = in.int64(16);
        return this;
    }

    int opcode() {
        return opcode;
    }

    int keyLength() {
        return keyLength;
    }

    int extrasLength() {
        return extrasLength;
    }

    long bodyLength() {
        return bodyLength;
    }

    int opaque() {
        return opaque;
    }

    long cas() {
        return cas;
    }

    long valueLength() {
        return bodyLength - keyLength - extrasLength;
    }
}
