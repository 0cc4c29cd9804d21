package org.mlos.core.processor;

import java.util.List;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The methods of {@code java.lang.Object} among a kind's members, inherited or redeclared. A kind
 * may redeclare {@code toString()}, {@code equals(Object)} or {@code hashCode()} (to document what
 * implementations should return, say); generated classes never forward them, but keep their own:
 * <ul>
 * <li>a handle's say which handle it is, the same across swaps: HandleSupport's final
 * {@code toString()} names the kind (a forwarding one did not compile), and equality stays
 * identity, so a handle in a hash set is still found after its implementation changed;
 * <li>a remote stub's say which node it calls, without calling it: a {@code toString()} that is a
 * remote call fails in log lines and debuggers once the node is gone, and an {@code equals} would
 * have to send an Object over the wire.
 * </ul>
 * A caller that wants an implementation's description calls a method of the kind that gives it.
 */
final class ObjectMethods {

    private ObjectMethods() {
    }

    /** Whether {@code m} is Object's or redeclares {@code toString()}, {@code hashCode()} or {@code equals(Object)}. */
    static boolean includes(ExecutableElement m) {
        if (((TypeElement) m.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")) {
            return true;
        }
        String name = m.getSimpleName().toString();
        List<? extends VariableElement> params = m.getParameters();
        switch (name) {
            case "toString":
            case "hashCode":
                return params.isEmpty();
            case "equals":
                return params.size() == 1 && params.get(0).asType().toString().equals("java.lang.Object");
            default:
                return false;
        }
    }
}
