package org.mlos.bridge.api;

/** Nothing at the path a {@link HostFiles} call named (a file to read, a folder to list). */
public class HostFileNotFoundException extends HostFileException {

    private static final long serialVersionUID = 1L;

    public HostFileNotFoundException(String message) {
        super(message);
    }
}
