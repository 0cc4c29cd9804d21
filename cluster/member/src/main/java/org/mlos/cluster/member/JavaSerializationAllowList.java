package org.mlos.cluster.member;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;

/**
 * What a member deserializes with Java serialization from a peer or a Hazelcast client: the
 * exceptions an operation answers with, and nothing else. The project's own data travels in
 * Hazelcast's own formats (strings, byte arrays, longs, {@code DataSerializable} tasks).
 *
 * <p>Hazelcast's default allow-list admits every class whose name starts with {@code java},
 * {@code com.hazelcast.} or {@code [}: {@code java.util.HashSet} among them, so a value of nested
 * sets (6 KB) put into a registry map by anyone who knows the cluster name pinned every node's
 * listener thread at full CPU for as long as it ran; and the copies of Jackson and others that
 * Hazelcast shades under {@code com.hazelcast.shaded.}. The defaults are off here, and an
 * allow-list that is empty would admit everything, so it must never be.
 *
 * <p>No JDK collection is admitted: reading one hashes what it holds, and nested ones cost their
 * reader work that doubles with each level. {@code Properties} was, for the map configuration the
 * distributed store added at run time (Hazelcast hands it to every member with its map store's
 * {@code Properties}); an outsider's 2 KB of nested ones put into the registry kept every node's
 * event thread busy for seconds, and a value of them in the store made each {@code get} of its key
 * take 2.5 s. The store's maps are in each member's configuration from its start now
 * ({@link StoreMapConfig}), and nothing configures Hazelcast at run time.
 */
final class JavaSerializationAllowList {

    private JavaSerializationAllowList() {
    }

    /** The exceptions an operation's error response carries, their causes and stack traces. */
    static final String[] ALLOWED_PREFIXES = { "com.hazelcast.", "java.lang.", "java.io." };
    /**
     * The concurrency exceptions by name (the package also holds {@code ConcurrentHashMap}, whose
     * reading hashes nested maps: the same attack as nested sets), and what a {@link Throwable}
     * holds beside its own fields: its stack and suppressed exceptions.
     */
    static final String[] ALLOWED_CLASSES = {
        "java.util.concurrent.ExecutionException",
        "java.util.concurrent.CancellationException",
        "java.util.concurrent.CompletionException",
        "java.util.concurrent.TimeoutException",
        "java.util.concurrent.RejectedExecutionException",
        "java.util.concurrent.BrokenBarrierException",
        "java.util.NoSuchElementException",
        "java.util.ConcurrentModificationException",
        "[Ljava.lang.StackTraceElement;",
        "[Ljava.lang.Throwable;",
        "java.util.ArrayList",
        "java.util.Collections$EmptyList",
        "java.util.Collections$UnmodifiableList",
        "java.util.Collections$UnmodifiableRandomAccessList",
        "java.util.Collections$UnmodifiableCollection",
    };
    /** Never, even under an allowed prefix: shaded third-party code, reflection and lambdas. */
    static final String[] REFUSED_PREFIXES = { "com.hazelcast.shaded.", "java.lang.reflect.", "java.lang.invoke." };

    static JavaSerializationFilterConfig config() {
        ClassFilter allowed = new ClassFilter().addPrefixes(ALLOWED_PREFIXES).addClasses(ALLOWED_CLASSES);
        ClassFilter refused = new ClassFilter().addPrefixes(REFUSED_PREFIXES);
        return new JavaSerializationFilterConfig().setDefaultsDisabled(true).setWhitelist(allowed).setBlacklist(refused);
    }
}
