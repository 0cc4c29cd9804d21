package org.mlos.core.processor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Types;

/**
 * A {@code @Mutates} method may not return a future. The kernel drains a call when the method
 * returns: a method that hands its work to an executor of the implementation's own and returns a
 * {@code CompletableFuture} is drained before the work is done, so the work lands in the old
 * implementation after its state was copied, and an acknowledged write is lost (4,000 adds
 * acknowledged over 8 swaps left about 1,980). An unmarked method returning a future stays
 * allowed: a read the old implementation finishes late is stale at worst, not lost.
 *
 * <p>Asynchronous means {@code java.util.concurrent.Future}, {@code CompletionStage} or any
 * subtype, or Vert.x's {@code io.vertx.core.Future}, found by the qualified names of the type and
 * its supertypes (a type variable by its bounds), so the processor needs no Vert.x.
 */
final class AsyncMutators {

    static final List<String> ASYNC = List.of("java.util.concurrent.Future", "java.util.concurrent.CompletionStage",
            "io.vertx.core.Future");

    private static final String MUTATES = "org.mlos.core.api.Mutates";

    private AsyncMutators() {
    }

    /** Whether {@code m} is a kind method marked {@code @Mutates}. */
    static boolean mutates(ExecutableElement m) {
        return !m.getModifiers().contains(Modifier.STATIC) && m.getAnnotationMirrors().stream().anyMatch(a ->
                ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(MUTATES));
    }

    /** Whether {@code type}, one of its supertypes or bounds, is asynchronous (see the class comment). */
    static boolean async(Types types, TypeMirror type) {
        return async(types, type, new HashSet<>());
    }

    private static boolean async(Types types, TypeMirror type, Set<String> seen) {
        switch (type.getKind()) {
            case DECLARED: {
                TypeElement e = (TypeElement) ((DeclaredType) type).asElement();
                String name = e.getQualifiedName().toString();
                if (ASYNC.contains(name)) {
                    return true;
                }
                if (!seen.add(name)) {
                    return false;
                }
                for (TypeMirror s : types.directSupertypes(type)) {
                    if (async(types, s, seen)) {
                        return true;
                    }
                }
                return false;
            }
            case TYPEVAR:
                return async(types, ((TypeVariable) type).getUpperBound(), seen);
            case INTERSECTION:
                for (TypeMirror b : ((IntersectionType) type).getBounds()) {
                    if (async(types, b, seen)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    /** The compile error for {@code m} of {@code kind}: what is wrong and what to do. */
    static String message(TypeElement kind, ExecutableElement m) {
        Element owner = m.getEnclosingElement();
        String where = owner.equals(kind) ? "" : " (in kind " + kind.getSimpleName() + ")";
        return owner.getSimpleName() + "." + m.getSimpleName() + where + " is @Mutates and returns "
                + simple(m.getReturnType()) + ": the kernel drains a call when it returns, so work the future"
                + " finishes later lands in an implementation already swapped out and is lost; return the result"
                + " itself (callers may run the call on an executor of their own), or do not mark it @Mutates if"
                + " it changes no state the kind moves";
    }

    /** {@code CompletableFuture<Long>} rather than {@code java.util.concurrent.CompletableFuture<java.lang.Long>}. */
    private static String simple(TypeMirror type) {
        if (type.getKind() == TypeKind.DECLARED) {
            DeclaredType d = (DeclaredType) type;
            String name = d.asElement().getSimpleName().toString();
            if (d.getTypeArguments().isEmpty()) {
                return name;
            }
            return name + d.getTypeArguments().stream().map(AsyncMutators::simple)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type.getKind() == TypeKind.WILDCARD) {
            WildcardType w = (WildcardType) type;
            if (w.getExtendsBound() != null) {
                return "? extends " + simple(w.getExtendsBound());
            }
            if (w.getSuperBound() != null) {
                return "? super " + simple(w.getSuperBound());
            }
            return "?";
        }
        return type.toString();
    }
}
