package org.mlos.core.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The token an HTTP client of the node presents ({@code Authorization: Bearer <token>}), read
 * from the file a setting names: one way for every endpoint that answers HTTP (the metrics
 * endpoint, the hosted bridge). A node without the file, or with a token too short to guess at,
 * refuses to start its endpoint rather than serve it open; so does one whose token file other
 * users can read ({@link OwnerOnlyFile}).
 */
public final class BearerToken {

    /** Fewer characters are refused: a token is not a password a person types. */
    public static final int MIN_LENGTH = 16;

    private static final String SCHEME = "Bearer ";

    /** The token's bytes, without the scheme. */
    private final byte[] expected;

    private BearerToken(byte[] expected) {
        this.expected = expected;
    }

    /**
     * The token {@code what} clients present.
     *
     * @throws IllegalArgumentException when it is shorter than {@value #MIN_LENGTH} characters
     */
    public static BearerToken of(String token, String what) {
        String t = token.strip();
        if (t.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(what + " must be at least " + MIN_LENGTH + " characters (it has "
                    + t.length() + "): put a longer one in its file, e.g. openssl rand -hex 32");
        }
        return new BearerToken(t.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The token in the file setting {@code name} names.
     *
     * @param what what the token guards, for errors, e.g. {@code "the metrics token"}
     * @param howToGetOne what makes the file, e.g. {@code "mlos run --metrics makes one in the user's config folder"}
     */
    public static BearerToken fromFile(Settings settings, String name, String what, String howToGetOne) throws IOException {
        String file = settings.text(name).orElseThrow(() -> new IllegalStateException(
                "no " + what + ": set " + name + " to a file holding the token clients must present (" + howToGetOne + ")"));
        try {
            OwnerOnlyFile.require(Path.of(file), what + " file");
            return of(Files.readString(Path.of(file), StandardCharsets.UTF_8), what + " in " + file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no " + what + ": " + name + " names " + file + ", which does not exist ("
                    + howToGetOne + ")", e);
        }
    }

    /** True where an {@code Authorization} header presents this token; null is no header. The scheme's case is free (RFC 9110, 11.1). */
    public boolean admits(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        // constant time: a client must not learn the token byte by byte from response times
        return MessageDigest.isEqual(expected, authorization.substring(SCHEME.length()).getBytes(StandardCharsets.UTF_8));
    }
}
