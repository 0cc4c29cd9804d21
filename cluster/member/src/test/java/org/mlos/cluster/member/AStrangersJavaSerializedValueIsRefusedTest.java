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

    /** Found by CI: the distributed store adds its map's configuration at run time, and members pass it on with its store's Properties. */
    @Test
    void aMapConfigurationStillTravels() {
        com.hazelcast.config.MapConfig config = new com.hazelcast.config.MapConfig("mlos.store.test").setBackupCount(1);
        config.getMapStoreConfig().setProperty("a", "b");
        com.hazelcast.config.MapConfig back = members().toObject(service(new SerializationConfig()).toData(config));
        assertEquals("mlos.store.test", back.getName());
        assertEquals("b", back.getMapStoreConfig().getProperty("a"));
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
