package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.SerializationClassNameFilter;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.ReachedMaxSizeException;

/**
 * Found by review: Hazelcast's default Java serialization filter admits every {@code java*}
 * class, so anyone who knows the cluster name could put a value of nested {@code HashSet}s (6 KB)
 * into a registry map and pin every node's listener thread at full CPU while it deserialized. A
 * member now deserializes only exceptions and what they hold ({@link JavaSerializationAllowList}).
 */
class AStrangersJavaSerializedValueIsRefusedTest {

    private static InternalSerializationService service(SerializationConfig config) {
        return new DefaultSerializationServiceBuilder().setConfig(config).build();
    }

    private static InternalSerializationService members() {
        Map<String, String> none = Map.of();
        return service(MemberSettings.from(none::get).toConfig(AStrangersJavaSerializedValueIsRefusedTest.class.getClassLoader())
                .getSerializationConfig());
    }

    @Test
    void nestedSetsAreRefusedBeforeAnyIsBuilt() {
        Set<Object> root = new HashSet<>();
        Set<Object> a = root;
        for (int i = 0; i < 4; i++) { // deep enough to show the kind, shallow enough to end if let through
            Set<Object> next = new HashSet<>();
            next.add("x" + i);
            a.add(next);
            a = next;
        }
        // (a HashSet alone goes by Hazelcast's own collection format, which shares no reference:
        // the nesting costs its sender as much as the receiver; wrapped, it goes by Java's)
        for (Object value : new Object[] { Collections.unmodifiableSet(root), Collections.synchronizedSet(root) }) {
            Data data = service(new SerializationConfig()).toData(value);
            RuntimeException e = assertThrows(RuntimeException.class, () -> members().toObject(data));
            assertTrue(String.valueOf(e.getMessage()).contains("is not allowed"), "refused for its class: " + e);
        }
    }

    @Test
    void anExceptionWithItsCauseStackAndSuppressedStillTravels() {
        IllegalStateException thrown = new IllegalStateException("on the partition owner", new IOException("disk"));
        thrown.addSuppressed(new java.util.concurrent.TimeoutException("late"));
        Data data = service(new SerializationConfig()).toData(thrown);
        IllegalStateException back = members().toObject(data);
        assertEquals("on the partition owner", back.getMessage());
        assertEquals("disk", back.getCause().getMessage());
        assertEquals("late", back.getSuppressed()[0].getMessage());
        assertEquals(thrown.getStackTrace().length, back.getStackTrace().length);

        ReachedMaxSizeException hazelcasts = members().toObject(service(new SerializationConfig())
                .toData(new ReachedMaxSizeException("full")));
        assertEquals("full", hazelcasts.getMessage());
    }

    /**
     * An outsider's security audit: {@code Properties} was admitted (for a map configuration added
     * at run time), and 2 KB of nested ones, put into the registry by anyone who knew the cluster
     * name, kept every node hashing for seconds, doubling with each level. Refused by its class now.
     */
    @Test
    void nestedPropertiesAreRefusedBeforeAnyIsBuilt() {
        java.util.Properties root = new java.util.Properties();
        java.util.Properties p = root;
        for (int i = 0; i < 4; i++) {
            java.util.Properties next = new java.util.Properties();
            next.put("x" + i, "y");
            p.put(next, "z");
            p = next;
        }
        Data data = service(new SerializationConfig()).toData(root);
        RuntimeException e = assertThrows(RuntimeException.class, () -> members().toObject(data));
        assertTrue(String.valueOf(e.getMessage()).contains("is not allowed"), "refused for its class: " + e);
        SerializationClassNameFilter filter = new SerializationClassNameFilter(JavaSerializationAllowList.config());
        for (String name : new String[] { "java.util.Properties", "java.util.Hashtable" }) {
            assertThrows(SecurityException.class, () -> filter.filter(name), name);
        }
    }

    /** What the store's maps need is in the member's configuration from its start: nothing travels. */
    @Test
    void theStoresMapsAreConfiguredAtTheMembersStart() {
        Map<String, String> props = Map.of("mlos.mem.store.capacity.mb", "32", "mlos.cluster.store.backups", "2");
        com.hazelcast.config.Config c = MemberSettings.from(props::get).toConfig(getClass().getClassLoader());
        com.hazelcast.config.MapConfig items = c.getMapConfigOrNull("mlos.store");
        assertEquals(2, items.getBackupCount());
        assertEquals(32 / 3, items.getEvictionConfig().getSize(), "its own items and two backups of others' within 32 MB");
        assertEquals(com.hazelcast.config.EvictionPolicy.LRU, items.getEvictionConfig().getEvictionPolicy());
        assertEquals(2, c.getMapConfigOrNull("mlos.store.meta").getBackupCount());
    }

    @Test
    void shadedLibrariesReflectionAndLambdasAreRefusedByName() {
        SerializationClassNameFilter filter = new SerializationClassNameFilter(JavaSerializationAllowList.config());
        for (String name : new String[] { "java.util.HashSet", "java.util.HashMap", "java.security.SignedObject",
                "javax.management.BadAttributeValueExpException",
                "com.hazelcast.shaded.com.fasterxml.jackson.databind.node.POJONode", "java.lang.reflect.Proxy",
                "java.lang.invoke.SerializedLambda", "[Ljava.lang.Object;", "org.mlos.cluster.Anything",
                "java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListSet" }) {
            assertThrows(SecurityException.class, () -> filter.filter(name), name);
        }
    }
}
