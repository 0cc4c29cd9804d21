package org.mlos.core.api;

/**
 * Thrown to a caller of a handle when its kind has no implementation installed (after waiting
 * for one as long as the kind is configured to wait).
 */
public class NoImplementationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String kind;

    public NoImplementationException(String kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** The kind's fully qualified name. */
    public String kind() {
        return kind;
    }
}
