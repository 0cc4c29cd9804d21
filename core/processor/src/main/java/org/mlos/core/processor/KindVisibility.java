package org.mlos.core.processor;

import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Whether the classes generated for a kind can reach it. They are top-level classes of the kind's
 * package that implement or name the kind, so a nested kind works as long as neither it nor a type
 * it is nested in is private; a private one is refused here, naming it, rather than by errors in
 * generated sources the user never wrote.
 */
final class KindVisibility {

    private KindVisibility() {
    }

    /** Why the generated classes cannot reach the kind, or null when they can. */
    static String problem(TypeElement kind) {
        for (Element e = kind; e instanceof TypeElement; e = e.getEnclosingElement()) {
            if (e.getModifiers().contains(Modifier.PRIVATE)) {
                String what = e == kind ? "kind " + kind + " is private"
                        : "kind " + kind + " is nested in private " + ((TypeElement) e).getQualifiedName();
                return what + ": its handle, a class of its own in the kind's package, must implement it; make "
                        + (e == kind ? "the kind" : ((TypeElement) e).getSimpleName()) + " package-private or public";
            }
        }
        return null;
    }
}
