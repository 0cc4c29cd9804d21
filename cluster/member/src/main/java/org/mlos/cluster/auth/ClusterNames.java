package org.mlos.cluster.auth;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The cluster name a member gives Hazelcast: the configured name ({@code mlos.cluster.name}), a
 * dash, and a digest of the cluster secret. Hazelcast refuses a joining member of another name,
 * and never merges with one, so nodes that do not share a secret never form one Hazelcast
 * cluster. They used to, on one machine with the default name: each then refused the other's
 * registry entries ("bad MAC") every 2 s, for as long as both ran.
 *
 * <p>The digest is the secret's HKDF key for the purpose {@value #PURPOSE}, its first
 * {@value #DIGEST_BYTES} bytes in hex. Hazelcast sends the name in the clear and logs it, so it must
 * tell nothing of the secret; 64 bits keep two secrets from meeting by chance. The name
 * authenticates nothing: whoever sees it on the wire can present it, and what such a stranger can
 * do is the threat model in the cluster's README.
 */
public final class ClusterNames {

    static final String PURPOSE = "hazelcast cluster name";
    static final int DIGEST_BYTES = 8;

    private ClusterNames() {
    }

    /** {@code configured-<16 hex digits>}, the same on every node that has this secret. */
    public static String withSecret(String configured, byte[] secret) {
        byte[] digest = Arrays.copyOf(KeyDerivation.derive(secret, PURPOSE), DIGEST_BYTES);
        return configured + "-" + HexFormat.of().formatHex(digest);
    }
}
