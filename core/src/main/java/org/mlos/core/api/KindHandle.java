package org.mlos.core.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Put by the kind processor on every handle it writes: the bundle then provides the capability
 * {@code mlos.handle=<kind>} that {@link Kind} requires of the bundle holding the kind. Not for
 * hand-written code.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Capability(namespace = KindHandle.NAMESPACE)
public @interface KindHandle {

    /** The namespace of the requirement and the capability. */
    String NAMESPACE = "mlos.handle";

    /**
     * The kind's binary name, as {@link Class#getName()} gives it and {@link Kind}'s requirement
     * names it: {@code Outer$Inner} for a kind nested in a class.
     */
    @Attribute(NAMESPACE)
    String value();
}
