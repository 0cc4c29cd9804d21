package org.mlos.core.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Which exceptions a stub rethrows as their own type: those a method declares, the kind
 * package's own unchecked exceptions (a kind's API documents them without declaring them, as
 * {@code StoreFullException}) and the JDK's usual argument and state errors. Only types with a
 * public {@code (String)} constructor can be rebuilt; the rest arrive as {@code RemoteCallException}
 * naming the remote type.
 */
final class RemoteThrows {

    private static final List<String> JDK_UNCHECKED = List.of("java.lang.IllegalArgumentException",
            "java.lang.IllegalStateException", "java.lang.UnsupportedOperationException",
            "java.lang.NullPointerException", "java.lang.ArithmeticException", "java.lang.IndexOutOfBoundsException",
            "java.util.NoSuchElementException", "java.util.ConcurrentModificationException");

    private final Elements elements;
    private final Types types;
    private final List<TypeElement> common = new ArrayList<>();

    RemoteThrows(Elements elements, Types types, PackageElement kindPackage) {
        this.elements = elements;
        this.types = types;
        TypeMirror runtime = elements.getTypeElement("java.lang.RuntimeException").asType();
        for (TypeElement t : ElementFilter.typesIn(kindPackage.getEnclosedElements())) {
            if (t.getModifiers().contains(Modifier.PUBLIC) && types.isSubtype(t.asType(), runtime) && rebuildable(t)) {
                common.add(t);
            }
        }
        for (String name : JDK_UNCHECKED) {
            TypeElement t = elements.getTypeElement(name);
            if (t != null && rebuildable(t)) {
                common.add(t);
            }
        }
    }

    private boolean rebuildable(TypeElement t) {
        if (t.getModifiers().contains(Modifier.ABSTRACT) || !t.getTypeParameters().isEmpty()) {
            return false;
        }
        return ElementFilter.constructorsIn(t.getEnclosedElements()).stream().anyMatch(c ->
                c.getModifiers().contains(Modifier.PUBLIC) && c.getParameters().size() == 1
                        && c.getParameters().get(0).asType().toString().equals("java.lang.String"));
    }

    /** The catch block of one stub method: rebuild a known remote exception, else throw the RemoteCallException. */
    String catchBlock(ExecutableElement method, List<? extends TypeMirror> thrown) {
        Set<TypeElement> known = new LinkedHashSet<>();
        for (TypeMirror t : thrown) {
            if (t.getKind() == TypeKind.DECLARED && rebuildable((TypeElement) types.asElement(t))) {
                known.add((TypeElement) types.asElement(t));
            }
        }
        known.addAll(common);
        StringBuilder s = new StringBuilder();
        s.append("        } catch (org.mlos.core.remote.RemoteCallException e) {\n")
                .append("            if (e.remoteType() != null) {\n")
                .append("                switch (e.remoteType()) {\n");
        for (TypeElement t : known) {
            String name = t.getQualifiedName().toString();
            s.append("                    case \"").append(elements.getBinaryName(t)).append("\": {\n")
                    .append("                        ").append(name).append(" x = new ").append(name)
                    .append("(e.remoteMessage());\n")
                    .append("                        x.addSuppressed(e);\n")
                    .append("                        throw x;\n")
                    .append("                    }\n");
        }
        s.append("                    default:\n                        break;\n")
                .append("                }\n            }\n            throw e;\n        }\n");
        return s.toString();
    }
}
