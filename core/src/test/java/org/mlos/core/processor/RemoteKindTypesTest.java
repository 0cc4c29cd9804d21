package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote kind with a type the wire cannot carry fails the compile, naming method, parameter, type and why. */
class RemoteKindTypesTest {

    @TempDir
    Path out;

    private List<String> compile(String body) throws Exception {
        return compile(true, body);
    }

    private List<String> compile(boolean remote, String body) throws Exception {
        return KindCompiler.errors(out, "package demo; import java.util.*; @org.mlos.core.api.Kind(remote = " + remote
                + ") public interface Demo { " + body + " }", true);
    }

    private void refused(String body, String... expected) throws Exception {
        List<String> errors = compile(body);
        for (String e : expected) {
            assertTrue(errors.stream().anyMatch(m -> m.contains(e) && m.contains("cannot cross nodes")
                    || m.contains(e) && m.contains("generic")), "expected '" + e + "' in " + errors);
        }
    }

    @Test
    void anObjectParameterIsRefused() throws Exception {
        refused("void put(String key, Object value);", "method put parameter value", "java.lang.Object is neither a record nor an enum");
    }

    @Test
    void anInterfaceResultIsRefused() throws Exception {
        refused("Runnable task();", "method task result", "java.lang.Runnable");
    }

    @Test
    void otherCollectionsAreRefusedWithAHint() throws Exception {
        refused("void keys(Set<String> keys);", "declare collections as List or Map");
    }

    @Test
    void arraysOtherThanBytesAreRefused() throws Exception {
        refused("void ints(int[] values);", "array other than byte[]");
    }

    @Test
    void unsupportedElementTypesAreFoundInsideCollections() throws Exception {
        refused("Map<String, List<Thread>> threads();", "java.lang.Thread");
    }

    @Test
    void unsupportedRecordComponentsAreNamed() throws Exception {
        refused("record Holder(String name, Object thing) {} void hold(Holder h);", "record demo.Demo.Holder component thing");
    }

    @Test
    void wildcardsAndGenericMethodsAreRefused() throws Exception {
        refused("void some(List<? extends Number> n);", "wildcard");
        refused("<T> T echo(String s);", "method echo is generic");
    }

    @Test
    void everySupportedTypeCompiles() throws Exception {
        List<String> errors = compile("enum E { A, B } record R(int a, String b, byte[] c, E e, List<R> rs, Optional<Long> o) {}"
                + " R r(R r); List<Map<String, Optional<E>>> deep(Map<Integer, List<byte[]>> m, char c, Boolean z);"
                + " void nothing();");
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(Files.exists(out.resolve("demo/Demo$MlosStub.class")), "stub generated");
        assertTrue(Files.exists(out.resolve("demo/Demo$MlosDispatcher.class")), "dispatcher generated");
    }

    @Test
    void kindsNotMarkedRemoteMayCarryAnything() throws Exception {
        List<String> errors = compile(false, "void put(Object value); Runnable task();");
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(Files.exists(out.resolve("demo/Demo$MlosHandle.class")), "handle generated");
        assertTrue(!Files.exists(out.resolve("demo/Demo$MlosStub.class")), "no stub for a local-only kind");
    }
}
