package org.mlos.core.processor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The remote side of one {@code @Kind(remote = true)}: which methods travel and whether their
 * types can ({@link #problems()}), then the sources of the kind's codec class, client stub and
 * dispatcher. Methods are numbered in the order of their signatures, so the numbering does not
 * depend on declaration order; the fingerprint covers signatures and every carried type's shape.
 */
final class RemoteSource {

    static final String STUB = "$MlosStub";
    static final String DISPATCHER = "$MlosDispatcher";
    static final String CODEC = "$MlosCodec";
    private static final String MUTATES = "org.mlos.core.api.Mutates";

    /**
     * One method with its types as members of the kind. {@code sink} is the index of the
     * {@code Consumer} parameter of a streamed default method (the items it is given travel back
     * after the result), -1 for an ordinary method.
     */
    record Method(ExecutableElement element, ExecutableType type, String signature, int sink) {

        /** The type of the items a streamed method passes to its sink. */
        TypeMirror sinkItem() {
            return RemoteSource.sinkItem(type.getParameterTypes().get(sink));
        }
    }

    /** A type the kind cannot carry, and where. */
    record Problem(Element where, String message) {
    }

    private final Elements elements;
    private final Types types;
    private final TypeElement kind;
    private final KindNames names;
    private final String local;
    private final List<Method> methods = new ArrayList<>();
    private final WireTypes wire;

    RemoteSource(ProcessingEnvironment env, TypeElement kind) {
        this.elements = env.getElementUtils();
        this.types = env.getTypeUtils();
        this.kind = kind;
        this.names = new KindNames(elements, kind);
        this.local = names.local();
        this.wire = new WireTypes(elements, names.packageName(), local + CODEC);
        DeclaredType self = (DeclaredType) kind.asType();
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(kind))) {
            Set<Modifier> mods = m.getModifiers();
            // toString, equals and hashCode never travel, even when the kind redeclares them: the
            // stub's own say which node it calls, without a call (ObjectMethods says why)
            if (ObjectMethods.includes(m) || mods.contains(Modifier.STATIC) || mods.contains(Modifier.PRIVATE)) {
                continue;
            }
            ExecutableType t = (ExecutableType) types.asMemberOf(self, m);
            int sink = -1;
            if (!mods.contains(Modifier.ABSTRACT)) {
                // A default method runs in the stub, on top of remote calls, unless it hands items
                // to a Consumer of a type that travels: then it runs on the host and the items
                // come back with its result (forEachItem: a remote store lists its own items).
                sink = streamedSink(m, t);
                if (sink < 0) {
                    continue;
                }
            }
            String sig = m.getSimpleName() + t.getParameterTypes().stream().map(TypeMirror::toString)
                    .collect(Collectors.joining(",", "(", ")")) + t.getReturnType();
            methods.add(new Method(m, t, sig, sink));
        }
        methods.sort(Comparator.comparing(Method::signature));
    }

    /**
     * The index of the one {@code Consumer<? super X>} (or {@code Consumer<X>}) parameter of a
     * default method whose other parameters, result and X all travel; -1 if it has none, or
     * anything else that cannot travel.
     */
    private int streamedSink(ExecutableElement m, ExecutableType t) {
        if (!m.getTypeParameters().isEmpty() || wire.problem(t.getReturnType()) != null) {
            return -1;
        }
        int sink = -1;
        for (int i = 0; i < t.getParameterTypes().size(); i++) {
            TypeMirror p = t.getParameterTypes().get(i);
            TypeMirror item = sinkItem(p);
            if (item != null && wire.problem(item) == null && sink < 0) {
                sink = i;
            } else if (wire.problem(p) != null) {
                return -1;
            }
        }
        return sink;
    }

    /** X of a {@code java.util.function.Consumer<? super X>} or {@code Consumer<X>}, else null. */
    static TypeMirror sinkItem(TypeMirror p) {
        if (p.getKind() != TypeKind.DECLARED) {
            return null;
        }
        DeclaredType d = (DeclaredType) p;
        if (!((TypeElement) d.asElement()).getQualifiedName().contentEquals("java.util.function.Consumer")
                || d.getTypeArguments().size() != 1) {
            return null;
        }
        TypeMirror arg = d.getTypeArguments().get(0);
        if (arg.getKind() == TypeKind.WILDCARD) {
            return ((javax.lang.model.type.WildcardType) arg).getSuperBound();
        }
        return arg.getKind() == TypeKind.DECLARED ? arg : null;
    }

    /** Every parameter or result the kind cannot carry; empty when it can generate. */
    List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        if (!kind.getTypeParameters().isEmpty()) {
            out.add(new Problem(kind, "kind " + kind + " is generic: a remote kind's types must be known at compile time"));
        }
        for (Method m : methods) {
            Element where = m.element().getEnclosingElement().equals(kind) ? m.element() : kind;
            String at = "kind " + kind.getSimpleName() + " method " + m.element().getSimpleName();
            if (!m.element().getTypeParameters().isEmpty()) {
                out.add(new Problem(where, at + " is generic: " + WireTypes.TRAVELS));
            }
            for (int i = 0; i < m.type().getParameterTypes().size(); i++) {
                if (i == m.sink()) {
                    continue; // its items travel back, checked when the method was picked
                }
                String p = wire.problem(m.type().getParameterTypes().get(i));
                if (p != null) {
                    out.add(new Problem(where, at + " parameter " + m.element().getParameters().get(i).getSimpleName()
                            + " cannot cross nodes: " + p + "; " + WireTypes.TRAVELS));
                }
            }
            String r = wire.problem(m.type().getReturnType());
            if (r != null) {
                out.add(new Problem(where, at + " result cannot cross nodes: " + r + "; " + WireTypes.TRAVELS));
            }
        }
        return out;
    }

    String qualified(String suffix) {
        return names.generated(suffix);
    }

    private String header() {
        return names.packageDeclaration();
    }

    /** Generates the stub and the dispatcher first (they register the codecs they use), then the codec. */
    List<String[]> sources() {
        String kindType = names.canonical();
        StringBuilder methodList = new StringBuilder();
        for (int i = 0; i < methods.size(); i++) {
            Method m = methods.get(i);
            methodList.append(i == 0 ? "" : ",\n")
                    .append("            new org.mlos.core.remote.RemoteMethod(KIND, \"").append(m.element().getSimpleName())
                    .append("\", ").append(i).append(", ").append(annotated(m.element(), MUTATES)).append(')');
        }
        String stubBody = new StubWriter(kindType, methods, wire,
                new RemoteThrows(elements, types, elements.getPackageOf(kind))).methods();
        String dispatchBody = new StubWriter(kindType, methods, wire, null).dispatchCases();
        String entryCodec = EntryCodecWriter.source(elements, types, elements.getPackageOf(kind),
                kind.getSimpleName().toString(), methods, wire);
        StringBuilder all = new StringBuilder(kindType).append(';');
        methods.forEach(m -> all.append(m.signature()).append(annotated(m.element(), MUTATES) ? "!" : "").append(';'));
        all.append(wire.schema());
        long fingerprint = fnv(all.toString());

        String stub = header() + "/** Client stub of remote kind {@link " + kindType + "}: generated by the MultiLibOS kind"
                + " processor. Do not edit. */\n"
                + "public final class " + local + STUB + " implements " + kindType + ", org.mlos.core.remote.RemoteStub,"
                + " org.mlos.core.state.Transferable {\n\n"
                + "    static final String KIND = \"" + kind.getSimpleName() + "\";\n"
                + "    public static final long FINGERPRINT = " + fingerprint + "L;\n"
                + "    public static final java.util.List<org.mlos.core.remote.RemoteMethod> METHODS = java.util.List.of(\n"
                + methodList + ");\n\n"
                + "    private final org.mlos.core.remote.RemoteInvoker invoker;\n\n"
                + "    public " + local + STUB + "(org.mlos.core.remote.RemoteInvoker invoker) {\n"
                + "        this.invoker = java.util.Objects.requireNonNull(invoker, \"invoker\");\n    }\n\n"
                + "    @Override\n    public long mlos$fingerprint() {\n        return FINGERPRINT;\n    }\n\n"
                + "    @Override\n    public java.util.List<org.mlos.core.remote.RemoteMethod> mlos$methods() {\n        return METHODS;\n    }\n\n"
                + "    @Override\n    public org.mlos.core.remote.RemoteInvoker mlos$invoker() {\n        return invoker;\n    }\n\n"
                + "    @Override\n    public java.util.List<String> exportFormats() {\n        return invoker.stateFormats();\n    }\n\n"
                + "    @Override\n    public java.util.List<String> importFormats() {\n        return invoker.stateFormats();\n    }\n\n"
                + "    @Override\n    public org.mlos.core.state.StateExport exportState(String format) throws Exception {\n"
                + "        return invoker.exportState(format, " + local + CODEC + ".ENTRIES);\n    }\n\n"
                + "    @Override\n    public org.mlos.core.state.StateImport importState(String format) throws Exception {\n"
                + "        return invoker.importState(format, " + local + CODEC + ".ENTRIES);\n    }\n\n"
                + "    @Override\n    public String toString() {\n        return \"remote " + kind.getSimpleName()
                + " on \" + invoker.node();\n    }\n"
                + stubBody + "}\n";
        // kind() gives the name the kernel knows the kind by, its binary name (see KindNames)
        String dispatcher = header() + "/** Dispatcher of remote kind {@link " + kindType + "}: generated by the MultiLibOS kind"
                + " processor. Do not edit. */\n"
                + "public final class " + local + DISPATCHER + " implements org.mlos.core.remote.RemoteDispatcher {\n\n"
                + "    private final " + kindType + " target;\n\n"
                + "    public " + local + DISPATCHER + "(" + kindType + " target) {\n"
                + "        this.target = java.util.Objects.requireNonNull(target, \"target\");\n    }\n\n"
                + "    @Override\n    public String kind() {\n        return \"" + names.binary() + "\";\n    }\n\n"
                + "    @Override\n    public long fingerprint() {\n        return " + local + STUB + ".FINGERPRINT;\n    }\n\n"
                + "    @Override\n    public java.util.List<org.mlos.core.remote.RemoteMethod> methods() {\n        return "
                + local + STUB + ".METHODS;\n    }\n\n"
                + "    @Override\n    public org.mlos.core.remote.EntryCodec entries() {\n        return " + local + CODEC
                + ".ENTRIES;\n    }\n\n"
                + "    @Override\n    public Object target() {\n        return target;\n    }\n\n"
                + "    @Override\n    public void dispatch(int method, org.mlos.core.remote.WireIn i, org.mlos.core.remote.WireOut o)"
                + " throws Exception {\n        switch (method) {\n" + dispatchBody
                + "            default:\n                throw new org.mlos.core.remote.WireFormatException(\"kind "
                + kind.getSimpleName() + " has no method number \" + method + \" (it has " + methods.size() + ")\");\n"
                + "        }\n    }\n}\n";
        String codec = header() + "/** Codecs of remote kind {@link " + kindType + "}: generated by the MultiLibOS kind processor. */\n"
                + "final class " + local + CODEC + " {\n\n    private " + local + CODEC + "() {\n    }\n\n"
                + entryCodec + wire.helpers() + "}\n";
        return List.of(new String[] {qualified(STUB), stub}, new String[] {qualified(DISPATCHER), dispatcher},
                new String[] {qualified(CODEC), codec});
    }

    static boolean annotated(Element element, String annotation) {
        return element.getAnnotationMirrors().stream().anyMatch(m ->
                ((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation));
    }

    static boolean isVoid(TypeMirror t) {
        return t.getKind() == TypeKind.VOID;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
