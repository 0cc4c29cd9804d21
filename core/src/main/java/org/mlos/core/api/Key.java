package org.mlos.core.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link Mutates} method that names the state entry the call changes.
 * Its value must be the key under which the implementation exports that entry in the
 * {@link org.mlos.core.state.StateFormats#ENTRIES entries} format.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Key {
}
