package org.mlos.core.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Kind} that changes the implementation's state.
 *
 * <p>A kind that marks its mutating methods can be swapped <em>live</em>: the kernel copies the
 * state while the old implementation keeps serving, notes which keys the marked methods touch
 * meanwhile, and holds callers only to replay those keys. The parameter annotated {@link Key}
 * names the entry a call changes (each such parameter, for a call that changes several); a marked method without a {@code @Key} parameter (a flush, a
 * clear) makes the kernel copy the whole state again while callers are held.
 *
 * <p>Once any method of a kind carries this annotation, every unmarked method is taken to be
 * read-only. A kind without any marked method is swapped with callers held for the whole copy.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Mutates {
}
