package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind whose {@code @Mutates} method returned a {@code CompletableFuture} completed on the
 * implementation's own executor lost acknowledged writes across swaps (4,000 adds acknowledged
 * over 8 swaps left about 1,980): the kernel drains a call when its method returns, so the work
 * still queued landed in the retired implementation after its state was copied. The processor
 * accepted such kinds silently; it now refuses a {@code @Mutates} method returning a
 * {@code Future}, a {@code CompletionStage} (or any subtype) or Vert.x's {@code Future}, naming the
 * method. A method that is not {@code @Mutates} may still return a future: a read the old
 * implementation finishes late is stale at worst, not lost.
 */
class AnAsyncMutatorLostItsWritesAcrossSwapsTest {

    @TempDir
    Path out;

    private static String ledger(String returns) {
        return """
                package demo;

                import org.mlos.core.api.Key;
                import org.mlos.core.api.Mutates;

                @org.mlos.core.api.Kind
                public interface Ledger {
                    @Mutates
                    %s add(@Key String key, long n);

                    long get(String key);
                }
                """.formatted(returns);
    }

    private List<String> refused(String returns) throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Ledger.java", ledger(returns));
        assertEquals(1, errors.size(), returns + ": " + errors);
        return errors;
    }

    @Test
    void aMutatorReturningACompletableFutureIsRefusedSayingWhyAndWhatToDo() throws Exception {
        String error = refused("java.util.concurrent.CompletableFuture<Long>").get(0);
        assertTrue(error.startsWith("Ledger.add is @Mutates and returns CompletableFuture<Long>: "), error);
        assertTrue(error.contains("lands in an implementation already swapped out and is lost"), error);
        assertTrue(error.contains("return the result itself"), error);
        assertTrue(error.contains("do not mark it @Mutates"), error);
    }

    @Test
    void everyFutureAndStageIsRefused() throws Exception {
        for (String returns : List.of("java.util.concurrent.Future<Long>", "java.util.concurrent.CompletionStage<Long>",
                "java.util.concurrent.FutureTask<Long>", "java.util.concurrent.ScheduledFuture<?>",
                "java.util.concurrent.Future<?>", "<F extends java.util.concurrent.CompletionStage<Long>> F")) {
            assertTrue(refused(returns).get(0).startsWith("Ledger.add is @Mutates and returns "), returns);
        }
    }

    @Test
    void aVertxFutureIsRefusedByItsNameWithoutAVertxDependency() throws Exception {
        Path vertx = out.resolve("vertx");
        assertEquals(List.of(), KindCompiler.errors(vertx, "io/vertx/core/Future.java", """
                package io.vertx.core;

                public interface Future<T> {
                    T result();
                }
                """));
        List<String> errors = KindCompiler.errors(out.resolve("kind"), "demo/Ledger.java",
                ledger("io.vertx.core.Future<Long>"), vertx);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("Ledger.add is @Mutates and returns Future<Long>: "), errors.get(0));
    }

    @Test
    void anInheritedAsyncMutatorIsRefusedNamingItsInterfaceAndTheKind() throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Books.java", """
                package demo;

                import java.util.concurrent.CompletionStage;

                import org.mlos.core.api.Key;
                import org.mlos.core.api.Mutates;

                public final class Books {
                    private Books() {
                    }

                    public interface Adds {
                        @Mutates
                        CompletionStage<Void> add(@Key String key, long n);
                    }

                    @org.mlos.core.api.Kind
                    public interface Ledger extends Adds {
                        long get(String key);
                    }
                }
                """);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("Adds.add (in kind Ledger) is @Mutates and returns CompletionStage<Void>"),
                errors.get(0));
    }

    @Test
    void aFutureReadBesideASynchronousMutatorStillCompilesAndCallsGoThrough() throws Exception {
        List<String> errors = KindCompiler.errors(out, "demo/Ledger.java", """
                package demo;

                import java.util.concurrent.CompletableFuture;

                import org.mlos.core.api.Key;
                import org.mlos.core.api.Mutates;

                @org.mlos.core.api.Kind
                public interface Ledger {
                    @Mutates
                    long add(@Key String key, long n);

                    CompletableFuture<Long> get(String key);
                }
                """);
        assertEquals(List.of(), errors, "only @Mutates methods are refused futures");
        try (URLClassLoader loader = KindCompiler.loader(out)) {
            Class<?> kind = loader.loadClass("demo.Ledger");
            ServedHandle served = new ServedHandle(kind, ServedHandle.impl(kind, (p, m, a) -> switch (m.getName()) {
                case "add" -> (Long) a[1] + 1;
                case "get" -> CompletableFuture.completedFuture(7L);
                default -> throw new AssertionError(m);
            }));
            assertEquals(3L, served.call("add", "k", 2L));
            assertEquals(7L, ((CompletableFuture<?>) served.call("get", "k")).join());
        }
    }
}
