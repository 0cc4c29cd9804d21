package org.mlos.core.processor;

import java.util.List;
import java.util.stream.Collectors;

import javax.lang.model.type.TypeMirror;

/** The per-method bodies of a remote kind's stub and dispatcher. */
final class StubWriter {

    private final String kindType;
    private final List<RemoteSource.Method> methods;
    private final WireTypes wire;
    private final RemoteThrows throwsMap;

    StubWriter(String kindType, List<RemoteSource.Method> methods, WireTypes wire, RemoteThrows throwsMap) {
        this.kindType = kindType;
        this.methods = methods;
        this.wire = wire;
        this.throwsMap = throwsMap;
    }

    /** The stub's methods: encode the arguments, invoke, decode the result or rebuild the exception. */
    String methods() {
        StringBuilder s = new StringBuilder();
        for (int id = 0; id < methods.size(); id++) {
            RemoteSource.Method m = methods.get(id);
            List<? extends TypeMirror> params = m.type().getParameterTypes();
            StringBuilder decl = new StringBuilder();
            for (int i = 0; i < params.size(); i++) {
                String t = params.get(i).toString();
                if (m.element().isVarArgs() && i == params.size() - 1) {
                    t = t.substring(0, t.length() - 2) + "...";
                }
                decl.append(i == 0 ? "" : ", ").append(t).append(" p").append(i);
            }
            TypeMirror result = m.type().getReturnType();
            String thrown = m.type().getThrownTypes().isEmpty() ? ""
                    : " throws " + m.type().getThrownTypes().stream().map(TypeMirror::toString).collect(Collectors.joining(", "));
            s.append("\n    @Override\n    public ").append(result).append(' ').append(m.element().getSimpleName())
                    .append('(').append(decl).append(')').append(thrown).append(" {\n")
                    .append("        org.mlos.core.remote.WireOut o = new org.mlos.core.remote.WireOut();\n");
            for (int i = 0; i < params.size(); i++) {
                s.append("        ").append(wire.write(params.get(i), "p" + i)).append('\n');
            }
            s.append("        org.mlos.core.remote.WireIn i;\n        try {\n")
                    .append("            i = invoker.invoke(METHODS.get(").append(id).append("), o);\n")
                    .append(throwsMap.catchBlock(m.element(), m.type().getThrownTypes()));
            if (RemoteSource.isVoid(result)) {
                s.append("        i.end();\n");
            } else {
                s.append("        ").append(result).append(" r = ").append(wire.read(result)).append(";\n")
                        .append("        i.end();\n        return r;\n");
            }
            s.append("    }\n");
        }
        return s.toString();
    }

    /** The dispatcher's switch cases: decode the arguments, call the target, encode the result. */
    String dispatchCases() {
        StringBuilder s = new StringBuilder();
        for (int id = 0; id < methods.size(); id++) {
            RemoteSource.Method m = methods.get(id);
            List<? extends TypeMirror> params = m.type().getParameterTypes();
            s.append("            case ").append(id).append(": { // ").append(m.signature()).append('\n');
            StringBuilder args = new StringBuilder();
            for (int i = 0; i < params.size(); i++) {
                s.append("                ").append(params.get(i)).append(" a").append(i).append(" = ")
                        .append(wire.read(params.get(i))).append(";\n");
                args.append(i == 0 ? "" : ", ").append('a').append(i);
            }
            s.append("                i.end();\n");
            String call = "target." + m.element().getSimpleName() + "(" + args + ")";
            TypeMirror result = m.type().getReturnType();
            if (RemoteSource.isVoid(result)) {
                s.append("                ").append(call).append(";\n");
            } else {
                s.append("                ").append(result).append(" r = ").append(call).append(";\n")
                        .append("                ").append(wire.write(result, "r")).append('\n');
            }
            s.append("                return;\n            }\n");
        }
        return s.toString();
    }
}
