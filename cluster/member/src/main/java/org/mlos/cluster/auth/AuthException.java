package org.mlos.cluster.auth;

/** A message or a signature that does not verify; the message says why. */
public final class AuthException extends Exception {

    private static final long serialVersionUID = 1L;

    public AuthException(String message) {
        super(message);
    }
}
