package org.mlos.core.processor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The kind's {@code EntryCodec}: its state entries are the records it carries, and the public
 * records of its package, that implement {@code StateEntry}, its keys the types of its {@code @Key} parameters; each travels behind a tag
 * byte naming its type (0: null).
 */
final class EntryCodecWriter {

    private static final String KEY = "org.mlos.core.api.Key";

    private EntryCodecWriter() {
    }

    static String source(Elements elements, Types types, PackageElement packageOf, String kindName,
            List<RemoteSource.Method> methods, WireTypes wire) {
        TypeMirror stateEntry = elements.getTypeElement("org.mlos.core.state.StateEntry").asType();
        List<TypeMirror> entries = new ArrayList<>();
        // The kind's package may define entries no method carries (a store's pending flush, say).
        for (TypeElement t : ElementFilter.typesIn(packageOf.getEnclosedElements())) {
            if (t.getKind() == ElementKind.RECORD && t.getModifiers().contains(Modifier.PUBLIC)
                    && types.isAssignable(t.asType(), stateEntry) && wire.problem(t.asType()) == null) {
                wire.read(t.asType()); // registers its codec
            }
        }
        for (TypeMirror r : wire.records()) {
            if (types.isAssignable(r, stateEntry)) {
                entries.add(r);
            }
        }
        Map<String, TypeMirror> keys = new LinkedHashMap<>();
        for (RemoteSource.Method m : methods) {
            List<? extends VariableElement> params = m.element().getParameters();
            for (int i = 0; i < params.size(); i++) {
                if (RemoteSource.annotated(params.get(i), KEY)) {
                    TypeMirror t = m.type().getParameterTypes().get(i);
                    TypeMirror boxed = t.getKind().isPrimitive() ? types.boxedClass((javax.lang.model.type.PrimitiveType) t).asType() : t;
                    keys.putIfAbsent(types.erasure(boxed).toString(), boxed);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("    /** How this kind's state entries and keys travel. */\n")
                .append("    static final org.mlos.core.remote.EntryCodec ENTRIES = new org.mlos.core.remote.EntryCodec() {\n\n")
                .append("        @Override\n        public void writeEntry(org.mlos.core.remote.WireOut o, org.mlos.core.state.StateEntry e) {\n");
        int tag = 1;
        for (TypeMirror t : entries) {
            s.append("            if (e instanceof ").append(types.erasure(t)).append(") {\n")
                    .append("                o.writeByte(").append(tag++).append(");\n")
                    .append("                ").append(wire.write(t, "(" + t + ") e")).append("\n")
                    .append("                return;\n            }\n");
        }
        s.append("            throw new IllegalArgumentException(\"kind ").append(kindName)
                .append(" carries no state entry of type \" + (e == null ? \"null\" : e.getClass().getName())\n")
                .append("                    + \": its entries must be records it carries (in a method's parameters or results)\");\n")
                .append("        }\n\n");
        s.append("        @Override\n        public org.mlos.core.state.StateEntry readEntry(org.mlos.core.remote.WireIn i) {\n")
                .append("            int t = i.readByte();\n");
        tag = 1;
        for (TypeMirror t : entries) {
            s.append("            if (t == ").append(tag++).append(") {\n                return ").append(wire.read(t)).append(";\n            }\n");
        }
        s.append("            throw new org.mlos.core.remote.WireFormatException(\"entry tag \" + t + \" is not one of kind ")
                .append(kindName).append("\");\n        }\n\n");
        s.append("        @Override\n        public void writeKey(org.mlos.core.remote.WireOut o, Object key) {\n")
                .append("            if (key == null) {\n                o.writeByte(0);\n                return;\n            }\n");
        tag = 1;
        for (TypeMirror t : keys.values()) {
            s.append("            if (key instanceof ").append(types.erasure(t)).append(") {\n")
                    .append("                o.writeByte(").append(tag++).append(");\n")
                    .append("                ").append(wire.write(t, "(" + t + ") key")).append("\n")
                    .append("                return;\n            }\n");
        }
        s.append("            throw new IllegalArgumentException(\"kind ").append(kindName)
                .append(" has no @Key parameter of type \" + key.getClass().getName());\n        }\n\n");
        s.append("        @Override\n        public Object readKey(org.mlos.core.remote.WireIn i) {\n")
                .append("            int t = i.readByte();\n            if (t == 0) {\n                return null;\n            }\n");
        tag = 1;
        for (TypeMirror t : keys.values()) {
            s.append("            if (t == ").append(tag++).append(") {\n                return ").append(wire.read(t)).append(";\n            }\n");
        }
        s.append("            throw new org.mlos.core.remote.WireFormatException(\"key tag \" + t + \" is not one of kind ")
                .append(kindName).append("\");\n        }\n    };\n\n");
        return s.toString();
    }
}
