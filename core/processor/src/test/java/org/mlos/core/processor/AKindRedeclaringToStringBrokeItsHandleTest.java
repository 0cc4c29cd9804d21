package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind that redeclared {@code String toString()} (for its javadoc, say) got a handle that did
 * not compile: the handle overrode HandleSupport's final {@code toString()}. Handles and remote
 * stubs now keep their own {@code toString}, {@code equals} and {@code hashCode}, which say what
 * the object is (a handle, a stub to a node) rather than forward to an implementation or a node.
 */
class AKindRedeclaringToStringBrokeItsHandleTest {

    private static String kind(boolean remote) {
        return """
                package demo;

                @org.mlos.core.api.Kind(remote = %s)
                public interface Named {
                    String name();

                    /** What the implementation is called. */
                    String toString();

                    int hashCode();

                    boolean equals(Object o);
                }
                """.formatted(remote);
    }

    @TempDir
    Path out;

    private URLClassLoader compile(boolean remote) throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Named.java", kind(remote));
        assertEquals(List.of(), errors, "a kind redeclaring Object's methods compiles");
        return KindCompiler.loader(out);
    }

    @Test
    void theHandleKeepsItsOwnObjectMethodsAndForwardsTheKinds() throws Exception {
        try (URLClassLoader l = compile(false)) {
            Class<?> kind = l.loadClass("demo.Named");
            ServedHandle served = new ServedHandle(kind, ServedHandle.impl(kind, (p, m, a) -> switch (m.getName()) {
                case "name" -> "alpha";
                case "toString" -> "the implementation";
                case "hashCode" -> 42;
                case "equals" -> true;
                default -> throw new AssertionError(m);
            }));
            assertEquals("alpha", served.call("name"));
            assertEquals(1, served.entered.get());
            Object handle = served.handle;
            assertEquals("mlos handle of demo.Named", handle.toString());
            assertTrue(handle.equals(handle));
            assertFalse(handle.equals("anything"), "identity, not the implementation's equals");
            assertEquals(System.identityHashCode(handle), handle.hashCode());
            assertEquals(1, served.entered.get(), "no call of toString, equals or hashCode reached the implementation");
            served.goDirect();
            assertEquals("alpha", served.call("name"));
            assertEquals("mlos handle of demo.Named", handle.toString());
        }
    }

    @Test
    void aRemoteStubKeepsItsOwnObjectMethodsAndCarriesOnlyTheKinds() throws Exception {
        try (URLClassLoader l = compile(true)) {
            Class<?> stubType = l.loadClass("demo.Named$MlosStub");
            Field methods = stubType.getField("METHODS");
            List<?> carried = (List<?>) methods.get(null);
            assertEquals(List.of("name"), carried.stream().map(m -> {
                try {
                    Method name = m.getClass().getMethod("name");
                    return name.invoke(m);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toList()), "only the kind's own methods travel");
            Class<?> invokerType = l.loadClass("org.mlos.core.remote.RemoteInvoker");
            Object invoker = Proxy.newProxyInstance(l, new Class<?>[] {invokerType}, (p, m, a) -> switch (m.getName()) {
                case "node" -> "node-b";
                case "invoke" -> fail("no remote call for " + a[0]);
                default -> throw new AssertionError(m);
            });
            Object stub = stubType.getConstructor(invokerType).newInstance(invoker);
            assertEquals("remote Named on node-b", stub.toString());
            assertTrue(stub.equals(stub));
            assertNotEquals(stub, stubType.getConstructor(invokerType).newInstance(invoker));
            assertEquals(System.identityHashCode(stub), stub.hashCode());
        }
    }
}
