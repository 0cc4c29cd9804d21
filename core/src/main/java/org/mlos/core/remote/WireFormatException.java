package org.mlos.core.remote;

/** A remote message that does not decode: truncated, corrupt, or written by another version of a kind. */
public class WireFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }
}
