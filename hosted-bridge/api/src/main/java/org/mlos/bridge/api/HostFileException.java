package org.mlos.bridge.api;

/** A file operation of {@link HostFiles} refused or failed; the message names the path and why. */
public class HostFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HostFileException(String message) {
        super(message);
    }
}
