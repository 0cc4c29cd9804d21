package org.mlos.bridge.api;

/**
 * A command of {@link HostCommands} not run, or ended by the host: not allowed there, could not
 * start, ran past the host's time limit. The message says which and why. A command that ran and
 * exited with a non-zero status is no exception: its {@link CommandResult} says so.
 */
public class HostCommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HostCommandException(String message) {
        super(message);
    }
}
