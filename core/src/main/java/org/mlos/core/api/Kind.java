package org.mlos.core.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.bundle.Requirement;

/**
 * Marks an interface as a service kind: an OS service whose implementation can be swapped live.
 *
 * <p>At compile time the kind processor (in {@code org.mlos.core}, found by javac on the class
 * path) generates the kind's handle class, {@code <Kind>$MlosHandle}, next to the interface. The
 * kernel registers one instance of it per kind as the service clients consume; it forwards every
 * call to the active implementation.
 *
 * <p>Implementations are ordinary services registered under the interface with the service
 * property {@value Kernel#IMPL} naming the implementation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
// Every bundle holding a kind requires its handle, which the processor marks with KindHandle: a
// kind built without the processor (javac 23+ without -proc:full) gives a bundle that does not
// resolve, naming the kind, instead of a node that fails when the kernel looks for the handle.
@Requirement(namespace = KindHandle.NAMESPACE, name = "${@class}")
public @interface Kind {

    /**
     * True when implementations keep no state that must survive a swap: the kernel then swaps
     * without negotiating a state format.
     */
    boolean stateless() default false;

    /**
     * True when instances of the kind may run on another node: the processor then also generates
     * a client stub ({@code <Kind>$MlosStub}) and a dispatcher ({@code <Kind>$MlosDispatcher})
     * with codecs for every argument and result, and refuses at compile time any type it cannot
     * carry (primitives, String, byte[], enums, records and List/Map/Optional of those travel).
     */
    boolean remote() default false;
}
