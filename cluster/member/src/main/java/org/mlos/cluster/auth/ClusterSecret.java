package org.mlos.cluster.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.mlos.cluster.api.ClusterProperties;
import org.mlos.core.settings.OwnerOnlyFile;

/**
 * The cluster secret every node of a cluster shares: the framework property
 * {@value #FILE_PROPERTY} (a file), else the environment's {@value #FILE_ENV} (a file) or
 * {@value #VALUE_ENV} (the secret itself). A file holds the secret as text on one line
 * ({@code mlos cluster up} writes 32 random bytes in hex) and must be readable by its owner only.
 *
 * @param key    the secret's bytes (the trimmed text, UTF-8)
 * @param source where it came from, for messages (never the secret itself)
 */
public record ClusterSecret(byte[] key, String source) {

    public static final String FILE_PROPERTY = ClusterProperties.SECRET_FILE;
    public static final String FILE_ENV = "MLOS_CLUSTER_SECRET_FILE";
    public static final String VALUE_ENV = "MLOS_CLUSTER_SECRET";
    public static final int MIN_BYTES = 32;

    /** The configured secret, or empty if none is; a configured one that is unusable is an error, not "none". */
    public static Optional<ClusterSecret> from(UnaryOperator<String> property, UnaryOperator<String> env) {
        String file = blankToNull(property.apply(FILE_PROPERTY));
        if (file != null) {
            return Optional.of(read(Path.of(file), "framework property " + FILE_PROPERTY));
        }
        file = blankToNull(env.apply(FILE_ENV));
        if (file != null) {
            return Optional.of(read(Path.of(file), "environment variable " + FILE_ENV));
        }
        String value = blankToNull(env.apply(VALUE_ENV));
        if (value != null) {
            return Optional.of(of(value.trim(), "environment variable " + VALUE_ENV));
        }
        return Optional.empty();
    }

    private static ClusterSecret read(Path file, String via) {
        String source = file + " (" + via + ")";
        try {
            OwnerOnlyFile.require(file, "cluster secret");
            return of(Files.readString(file, StandardCharsets.UTF_8).trim(), source);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the cluster secret " + source + ": " + e, e);
        }
    }

    private static ClusterSecret of(String text, String source) {
        byte[] key = text.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_BYTES) {
            throw new IllegalStateException("the cluster secret from " + source + " has " + key.length
                    + " bytes; it needs at least " + MIN_BYTES + " (mlos cluster up writes 64 hex digits)");
        }
        return new ClusterSecret(key, source);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "ClusterSecret[" + source + "]";
    }
}
