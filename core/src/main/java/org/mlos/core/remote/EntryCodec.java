package org.mlos.core.remote;

import org.mlos.core.state.StateEntry;

/**
 * How a remote kind's state entries and keys travel, generated with the kind's codecs: its
 * entries are the records it carries that implement {@link StateEntry}, its keys the types of its
 * {@code @Key} parameters. Lets the entries state format move live between nodes.
 */
public interface EntryCodec {

    /** Writes an entry; an entry of a type the kind does not carry is an IllegalArgumentException. */
    void writeEntry(WireOut out, StateEntry entry);

    StateEntry readEntry(WireIn in);

    /** Writes a key (null allowed); a key of a type no {@code @Key} parameter has is an IllegalArgumentException. */
    void writeKey(WireOut out, Object key);

    Object readKey(WireIn in);
}
