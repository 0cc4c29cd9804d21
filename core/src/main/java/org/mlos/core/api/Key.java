package org.mlos.core.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link Mutates} method that names the state entry the call changes.
 * Its value must be the key under which the implementation exports that entry in the
 * {@link org.mlos.core.state.StateFormats#ENTRIES entries} format. A method that changes several
 * entries marks each parameter that names one ({@code transfer(@Key String from, @Key String to,
 * long amount)}): a live swap copies again every entry a call changes while the copy runs, so an
 * entry the method changes but names in no {@code @Key} is lost if it changes behind the copy. A
 * mutation whose entries no parameter names is marked {@link Mutates} alone (the kernel then
 * copies the whole state again while callers are held).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Key {
}
