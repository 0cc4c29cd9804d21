package org.mlos.bridge.api;

/**
 * A file operation the host could not carry out through no fault of the call: its disk full, a
 * permission of its folder, an I/O error. The message names the path (relative to the folder) and
 * the host's reason; trying again may work once the host's operator has seen to it.
 */
public class HostFileFailedException extends HostFileException {

    private static final long serialVersionUID = 1L;

    public HostFileFailedException(String message) {
        super(message);
    }
}
