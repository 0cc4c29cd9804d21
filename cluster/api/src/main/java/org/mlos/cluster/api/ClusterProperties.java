package org.mlos.cluster.api;

/**
 * Framework properties the cluster reads (a profile's {@code -runproperties}, {@code mlos run …
 * --set name=value}); cluster/README.md says what each does and its default.
 */
public final class ClusterProperties {

    private ClusterProperties() {
    }

    /** The cluster to join (default {@code mlos}). */
    public static final String NAME = "mlos.cluster.name";
    /** Comma-separated addresses of members to join through (default 127.0.0.1). */
    public static final String MEMBERS = "mlos.cluster.members";
    /** The interface the member binds (default 127.0.0.1; anything else needs a cluster secret). */
    public static final String HOST = "mlos.cluster.host";
    /** First port tried (default 5701) and how many after it (default 20). */
    public static final String PORT = "mlos.cluster.port";
    public static final String PORT_COUNT = "mlos.cluster.port.count";
    /** {@code tcp} (default) or {@code kubernetes}, with the namespace and service of the latter. */
    public static final String DISCOVERY = "mlos.cluster.discovery";
    public static final String KUBERNETES_NAMESPACE = "mlos.cluster.kubernetes.namespace";
    public static final String KUBERNETES_SERVICE = "mlos.cluster.kubernetes.service";
    /** Whether this node holds partitions of the distributed store (default: profiles that serve data). */
    public static final String DATA = "mlos.cluster.data";
    /** {@code off} turns message authentication off (measurements on one machine only). */
    public static final String AUTH = "mlos.cluster.auth";
    /** File holding the cluster secret (also MLOS_CLUSTER_SECRET_FILE, MLOS_CLUSTER_SECRET). */
    public static final String SECRET_FILE = "mlos.cluster.secret.file";
    /** Public keys (Ed25519) whose signatures on rollouts this node trusts. */
    public static final String ROLLOUT_TRUSTED = "mlos.cluster.rollout.trusted";

    /** The distributed store's map (default {@value #DEFAULT_STORE_MAP}). */
    public static final String STORE_MAP = "mlos.cluster.store.map";
    public static final String DEFAULT_STORE_MAP = "mlos.store";
    /**
     * The distributed store's capacity per member, in MB, when {@code mlos.mem.store.capacity.mb}
     * does not say: past it the least recently used items go.
     */
    public static final long DEFAULT_STORE_CAPACITY_MB = 256;
    /** How many other data members hold a copy of each item (default 1). */
    public static final String STORE_BACKUPS = "mlos.cluster.store.backups";
    /** {@code off} keeps items plain in the map even with a cluster secret; every node must agree. */
    public static final String STORE_ENCRYPTION = "mlos.cluster.store.encryption";
}
