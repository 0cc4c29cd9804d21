package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code @Kind} nested in a class got its handle ({@code Outer$Tricky$MlosHandle}), yet its
 * bundle's build failed saying the kind had no handle: the handle provided
 * {@code mlos.handle=demo.Outer.Tricky} (the canonical name) while the kind required
 * {@code mlos.handle=demo.Outer$Tricky} (the binary name, bnd's {@code ${@class}}). Every place
 * now names a kind by its binary name, the one {@code Class.getName()} gives the kernel.
 */
class ANestedKindWasSaidToHaveNoHandleTest {

    private static final String OUTER = """
            package demo;

            public final class Outer {
                private Outer() {
                }

                @org.mlos.core.api.Kind
                public interface Tricky {
                    long add(String k);
                }

                @org.mlos.core.api.Kind(remote = true)
                public interface Far {
                    String echo(String s);
                }
            }
            """;

    @TempDir
    Path out;

    private void compile() throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Outer.java", OUTER);
        assertEquals(List.of(), errors, "a nested kind compiles");
    }

    @Test
    void theBundleOfANestedKindBuildsWithTheHandleCheck() throws Exception {
        compile();
        KindBundle bundle = KindBundle.of(out);
        assertEquals(List.of(), bundle.errors());
        String provided = bundle.header("Provide-Capability");
        String required = bundle.header("Require-Capability");
        assertTrue(provided.contains("mlos.handle=\"demo.Outer$Tricky\""), provided);
        assertTrue(required.contains("(mlos.handle=demo.Outer$Tricky)"), required);
        assertTrue(!provided.contains("demo.Outer.Tricky"), "one name only: " + provided);
    }

    @Test
    void theKernelFindsTheHandleByTheKindsClassNameAndCallsGoThrough() throws Exception {
        compile();
        try (URLClassLoader loader = KindCompiler.loader(out)) {
            Class<?> kind = loader.loadClass("demo.Outer$Tricky");
            ServedHandle served = new ServedHandle(kind, ServedHandle.impl(kind, (p, m, a) -> (long) ((String) a[0]).length()));
            assertEquals(3L, served.call("add", "abc"), "mediated");
            assertEquals(1, served.entered.get());
            served.goDirect();
            assertEquals(5L, served.call("add", "abcde"), "direct");
            assertEquals("mlos handle of demo.Outer$Tricky", served.handle.toString());
        }
    }

    @Test
    void aNestedRemoteKindsStubAndDispatcherAreFoundByTheKindsClassName() throws Exception {
        compile();
        try (URLClassLoader loader = KindCompiler.loader(out)) {
            Class<?> kind = loader.loadClass("demo.Outer$Far");
            // as RemoteKinds finds them
            Class.forName(kind.getName() + "$MlosStub", true, loader);
            Class<?> dispatcher = Class.forName(kind.getName() + "$MlosDispatcher", true, loader);
            Object target = ServedHandle.impl(kind, (p, m, a) -> a[0]);
            Object d = dispatcher.getConstructor(kind).newInstance(target);
            assertEquals(kind.getName(), dispatcher.getMethod("kind").invoke(d));
        }
    }

    @Test
    void aPrivateNestedKindIsRefusedNamingWhy() throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Hidden.java", """
                package demo;

                public final class Hidden {
                    @org.mlos.core.api.Kind
                    private interface Secret {
                        void run();
                    }
                }
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("demo.Hidden.Secret") && errors.get(0).contains("private"), errors.get(0));
    }

    @Test
    void aKindInAPrivateClassIsRefusedNamingWhy() throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Hidden.java", """
                package demo;

                public final class Hidden {
                    private static final class Inside {
                        @org.mlos.core.api.Kind
                        interface Secret {
                            void run();
                        }
                    }
                }
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("demo.Hidden.Inside") && errors.get(0).contains("private"), errors.get(0));
    }
}
