package org.mlos.core.processor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The codecs of one remote-capable kind: which types can travel, and the code that writes and
 * reads them. Primitives, String and byte[] are written inline; every other type gets a pair of
 * static methods in the kind's {@code $MlosCodec} class ({@code w<n>} and {@code r<n>}), with a
 * presence byte for null. The schema (every type's shape) feeds the kind's fingerprint, so two
 * nodes with different versions of a record or an enum refuse to talk instead of misreading.
 */
final class WireTypes {

    static final String TRAVELS = "a remote kind (@Kind(remote = true)) carries primitives and their boxes,"
            + " String, byte[], enums, records, and List, Map and Optional of those";

    private static final Map<String, String[]> BOXES = Map.of(
            "java.lang.Boolean", new String[] {"Boolean", "boolean"},
            "java.lang.Byte", new String[] {"Byte", "byte"},
            "java.lang.Short", new String[] {"Short", "short"},
            "java.lang.Character", new String[] {"Char", "char"},
            "java.lang.Integer", new String[] {"Int", "int"},
            "java.lang.Long", new String[] {"Long", "long"},
            "java.lang.Float", new String[] {"Float", "float"},
            "java.lang.Double", new String[] {"Double", "double"});

    private final Elements elements;
    private final String kindPackage;
    private final String codec;
    private final Map<String, Integer> ids = new HashMap<>();
    private final StringBuilder helpers = new StringBuilder();
    private final StringBuilder schema = new StringBuilder();
    private final List<TypeMirror> records = new java.util.ArrayList<>();

    WireTypes(Elements elements, String kindPackage, String codecClass) {
        this.elements = elements;
        this.kindPackage = kindPackage;
        this.codec = codecClass;
    }

    /** Why the type cannot travel, or null if it can. */
    String problem(TypeMirror t) {
        return problem(t, new HashSet<>());
    }

    private String problem(TypeMirror t, Set<String> visiting) {
        if (t.getKind().isPrimitive() || t.getKind() == TypeKind.VOID) {
            return null;
        }
        if (t.getKind() == TypeKind.ARRAY) {
            return ((ArrayType) t).getComponentType().getKind() == TypeKind.BYTE ? null
                    : t + " is an array other than byte[] (use a List)";
        }
        if (t.getKind() == TypeKind.TYPEVAR) {
            return t + " is a type variable (its type is not known at compile time)";
        }
        if (t.getKind() == TypeKind.WILDCARD) {
            return t + " is a wildcard (name the element type exactly)";
        }
        if (t.getKind() != TypeKind.DECLARED) {
            return t + " is not a class type";
        }
        DeclaredType d = (DeclaredType) t;
        TypeElement e = (TypeElement) d.asElement();
        String name = e.getQualifiedName().toString();
        if (name.equals("java.lang.String") || BOXES.containsKey(name)) {
            return null;
        }
        if (name.equals("java.util.List") || name.equals("java.util.Map") || name.equals("java.util.Optional")) {
            if (d.getTypeArguments().isEmpty()) {
                return t + " is a raw type (give its type arguments)";
            }
            for (TypeMirror a : d.getTypeArguments()) {
                String p = problem(a, visiting);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (e.getKind() != ElementKind.ENUM && e.getKind() != ElementKind.RECORD) {
            return t + " is neither a record nor an enum"
                    + (name.startsWith("java.util.") ? " (declare collections as List or Map)" : "");
        }
        if (!e.getTypeParameters().isEmpty()) {
            return t + " is a generic " + e.getKind().toString().toLowerCase() + " (generic records and enums are not carried)";
        }
        if (!accessible(e)) {
            return t + " is not public (generated codecs in package " + kindPackage + " cannot reach it)";
        }
        if (e.getKind() == ElementKind.RECORD && visiting.add(name)) {
            for (RecordComponentElement c : ElementFilter.recordComponentsIn(e.getEnclosedElements())) {
                String p = problem(c.asType(), visiting);
                if (p != null) {
                    return "record " + name + " component " + c.getSimpleName() + ": " + p;
                }
            }
        }
        return null;
    }

    private boolean accessible(TypeElement e) {
        PackageElement pkg = elements.getPackageOf(e);
        boolean samePackage = pkg.getQualifiedName().contentEquals(kindPackage);
        for (javax.lang.model.element.Element x = e; x instanceof TypeElement; x = x.getEnclosingElement()) {
            Set<Modifier> m = x.getModifiers();
            if (m.contains(Modifier.PRIVATE) || (!samePackage && !m.contains(Modifier.PUBLIC))) {
                return false;
            }
        }
        return true;
    }

    /** A statement writing {@code value} (an expression of type t) to {@code o}. */
    String write(TypeMirror t, String value) {
        switch (t.getKind()) {
            case BOOLEAN: return "o.writeBoolean(" + value + ");";
            case BYTE: return "o.writeByte(" + value + ");";
            case SHORT: return "o.writeShort(" + value + ");";
            case CHAR: return "o.writeChar(" + value + ");";
            case INT: return "o.writeInt(" + value + ");";
            case LONG: return "o.writeLong(" + value + ");";
            case FLOAT: return "o.writeFloat(" + value + ");";
            case DOUBLE: return "o.writeDouble(" + value + ");";
            case ARRAY: return "o.writeBytes(" + value + ");";
            default:
                if (isString(t)) {
                    return "o.writeString(" + value + ");";
                }
                return codec + ".w" + id(t) + "(o, " + value + ");";
        }
    }

    /** An expression reading a value of type t from {@code i}. */
    String read(TypeMirror t) {
        switch (t.getKind()) {
            case BOOLEAN: return "i.readBoolean()";
            case BYTE: return "i.readByte()";
            case SHORT: return "i.readShort()";
            case CHAR: return "i.readChar()";
            case INT: return "i.readInt()";
            case LONG: return "i.readLong()";
            case FLOAT: return "i.readFloat()";
            case DOUBLE: return "i.readDouble()";
            case ARRAY: return "i.readBytes()";
            default:
                if (isString(t)) {
                    return "i.readString()";
                }
                return codec + ".r" + id(t) + "(i)";
        }
    }

    private static boolean isString(TypeMirror t) {
        return t.getKind() == TypeKind.DECLARED
                && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.String");
    }

    /** The number of the helper pair for a reference type, generating it on first use. */
    private int id(TypeMirror t) {
        String type = t.toString();
        Integer known = ids.get(type);
        if (known != null) {
            return known;
        }
        int n = ids.size();
        ids.put(type, n); // before the body: a record may contain itself through a List
        DeclaredType d = (DeclaredType) t;
        TypeElement e = (TypeElement) d.asElement();
        String name = e.getQualifiedName().toString();
        StringBuilder w = new StringBuilder();
        StringBuilder r = new StringBuilder();
        String[] box = BOXES.get(name);
        List<? extends TypeMirror> args = d.getTypeArguments();
        if (box != null) {
            w.append("        if (o.present(v)) {\n            o.write").append(box[0]).append("(v);\n        }\n");
            r.append("        return i.present() ? ").append(name).append(".valueOf(i.read").append(box[0])
                    .append("()) : null;\n");
        } else if (name.equals("java.util.List")) {
            TypeMirror el = args.get(0);
            w.append("        if (!o.present(v)) {\n            return;\n        }\n")
                    .append("        o.writeInt(v.size());\n")
                    .append("        for (").append(el).append(" e : v) {\n            ").append(write(el, "e")).append("\n        }\n");
            r.append("        if (!i.present()) {\n            return null;\n        }\n")
                    .append("        int n = i.readCount(1);\n")
                    .append("        java.util.List<").append(el).append("> v = new java.util.ArrayList<>(n);\n")
                    .append("        for (int k = 0; k < n; k++) {\n            v.add(").append(read(el)).append(");\n        }\n")
                    .append("        return v;\n");
        } else if (name.equals("java.util.Map")) {
            TypeMirror kt = args.get(0);
            TypeMirror vt = args.get(1);
            w.append("        if (!o.present(v)) {\n            return;\n        }\n")
                    .append("        o.writeInt(v.size());\n")
                    .append("        for (java.util.Map.Entry<").append(kt).append(", ").append(vt).append("> e : v.entrySet()) {\n")
                    .append("            ").append(write(kt, "e.getKey()")).append("\n")
                    .append("            ").append(write(vt, "e.getValue()")).append("\n        }\n");
            r.append("        if (!i.present()) {\n            return null;\n        }\n")
                    .append("        int n = i.readCount(2);\n")
                    .append("        java.util.Map<").append(kt).append(", ").append(vt)
                    .append("> v = new java.util.LinkedHashMap<>();\n")
                    .append("        for (int k = 0; k < n; k++) {\n            v.put(").append(read(kt)).append(", ")
                    .append(read(vt)).append(");\n        }\n")
                    .append("        return v;\n");
        } else if (name.equals("java.util.Optional")) {
            TypeMirror el = args.get(0);
            w.append("        if (!o.present(v)) {\n            return;\n        }\n")
                    .append("        o.writeBoolean(v.isPresent());\n")
                    .append("        if (v.isPresent()) {\n            ").append(write(el, "v.get()")).append("\n        }\n");
            r.append("        if (!i.present()) {\n            return null;\n        }\n")
                    .append("        return i.readBoolean() ? java.util.Optional.ofNullable(").append(read(el))
                    .append(") : java.util.Optional.empty();\n");
        } else if (e.getKind() == ElementKind.ENUM) {
            List<String> constants = ElementFilter.fieldsIn(e.getEnclosedElements()).stream()
                    .filter(f -> f.getKind() == ElementKind.ENUM_CONSTANT).map(f -> f.getSimpleName().toString()).toList();
            schema.append("enum ").append(name).append(constants).append(';');
            helpers.append("    private static final ").append(name).append("[] E").append(n).append(" = ")
                    .append(name).append(".values();\n\n");
            w.append("        if (o.present(v)) {\n            o.writeInt(v.ordinal());\n        }\n");
            r.append("        return i.present() ? E").append(n).append("[i.readOrdinal(E").append(n)
                    .append(".length, \"").append(name).append("\")] : null;\n");
        } else {
            records.add(t);
            List<RecordComponentElement> components = ElementFilter.recordComponentsIn(e.getEnclosedElements());
            schema.append("record ").append(name).append('(');
            w.append("        if (!o.present(v)) {\n            return;\n        }\n");
            StringBuilder ctor = new StringBuilder();
            for (RecordComponentElement c : components) {
                schema.append(c.asType()).append(' ').append(c.getSimpleName()).append(',');
                w.append("        ").append(write(c.asType(), "v." + c.getSimpleName() + "()")).append('\n');
                ctor.append(ctor.length() == 0 ? "" : ",\n                ").append(read(c.asType()));
            }
            schema.append(");");
            r.append("        if (!i.present()) {\n            return null;\n        }\n")
                    .append("        return new ").append(name).append("(").append(ctor).append(");\n");
        }
        helpers.append("    static void w").append(n).append("(org.mlos.core.remote.WireOut o, ").append(type)
                .append(" v) {\n").append(w).append("    }\n\n");
        helpers.append("    static ").append(type).append(" r").append(n).append("(org.mlos.core.remote.WireIn i) {\n")
                .append(r).append("    }\n\n");
        return n;
    }

    /** Every record type the kind carries, in the order first met. */
    List<TypeMirror> records() {
        return List.copyOf(records);
    }

    String helpers() {
        return helpers.toString();
    }

    /** Every record's components and every enum's constants, in a stable text. */
    String schema() {
        return schema.toString();
    }
}
