package org.mlos.core.remote;

import java.util.List;

/**
 * The host side of a remote-capable kind, generated next to the kind ({@code <Kind>$MlosDispatcher}):
 * decodes a call's arguments, calls the instance it wraps, encodes the result.
 */
public interface RemoteDispatcher {

    /** The kind's binary name, as {@link Class#getName()} gives it ({@code Outer$Inner} for a nested kind). */
    String kind();

    /** A hash of every method's signature and every type it carries: two nodes must agree on it. */
    long fingerprint();

    /** The kind's methods, by wire id. */
    List<RemoteMethod> methods();

    /** How the kind's state entries and keys travel. */
    EntryCodec entries();

    /** The instance calls go to. */
    Object target();

    /**
     * Runs one call.
     *
     * @throws Exception whatever the instance threw; the transport sends its type and message back
     */
    void dispatch(int method, WireIn args, WireOut result) throws Exception;
}
