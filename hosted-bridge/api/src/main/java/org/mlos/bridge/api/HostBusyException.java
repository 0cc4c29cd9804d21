package org.mlos.bridge.api;

/** A command not run because the host's commands stayed busy for its time limit: try again later. */
public class HostBusyException extends HostCommandException {

    private static final long serialVersionUID = 1L;

    public HostBusyException(String message) {
        super(message);
    }
}
