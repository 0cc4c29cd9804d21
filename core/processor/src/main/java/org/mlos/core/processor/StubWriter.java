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
                if (i != m.sink()) {
                    s.append("        ").append(wire.write(params.get(i), "p" + i)).append('\n');
                }
            }
            s.append("        org.mlos.core.remote.WireIn i;\n        try {\n")
                    .append("            i = invoker.invoke(METHODS.get(").append(id).append("), o);\n")
                    .append(throwsMap.catchBlock(m.element(), m.type().getThrownTypes()));
            if (!RemoteSource.isVoid(result)) {
                s.append("        ").append(result).append(" r = ").append(wire.read(result)).append(";\n");
            }
            if (m.sink() >= 0) { // the items the host's sink was given, in order, after the result
                s.append("        for (int k = 0, n = i.readInt(); k < n; k++) {\n")
                        .append("            p").append(m.sink()).append(".accept(").append(wire.read(m.sinkItem())).append(");\n")
                        .append("        }\n");
            }
            s.append("        i.end();\n");
            if (!RemoteSource.isVoid(result)) {
                s.append("        return r;\n");
            }
            s.append("    }\n");
        }
        return s.toString();
    }

    /** Most bytes of items a streamed method's reply carries: the frame limit is 64 MB. */
    static final int MAX_STREAMED_BYTES = 32 << 20;

    /**
     * A streamed method's sink on the host: encodes each item as it is given (no item objects
     * kept), and stops the method with an exception saying why once the items pass
     * {@value #MAX_STREAMED_BYTES} bytes, rather than send a reply no caller would accept.
     */
    private String sink(TypeMirror item, int index) {
        return "                final class Sink" + index + " implements java.util.function.Consumer<" + item + "> {\n"
                + "                    final org.mlos.core.remote.WireOut items = new org.mlos.core.remote.WireOut();\n"
                + "                    int count;\n\n"
                + "                    @Override\n                    public void accept(" + item + " v) {\n"
                + "                        org.mlos.core.remote.WireOut o = items;\n"
                + "                        " + wire.write(item, "v") + "\n"
                + "                        count++;\n"
                + "                        if (o.size() > " + MAX_STREAMED_BYTES + ") {\n"
                + "                            throw new IllegalStateException(\"a remote " + kindType.substring(kindType.lastIndexOf('.') + 1)
                + " passes at most " + (MAX_STREAMED_BYTES >> 20) + " MB of items back in one call; this one passed \" + count"
                + " + \" items and more\");\n"
                + "                        }\n                    }\n                }\n"
                + "                Sink" + index + " a" + index + " = new Sink" + index + "();\n";
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
                args.append(i == 0 ? "" : ", ").append('a').append(i);
                if (i == m.sink()) {
                    s.append(sink(m.sinkItem(), i));
                    continue;
                }
                s.append("                ").append(params.get(i)).append(" a").append(i).append(" = ")
                        .append(wire.read(params.get(i))).append(";\n");
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
            if (m.sink() >= 0) {
                s.append("                o.writeInt(a").append(m.sink()).append(".count);\n")
                        .append("                o.writeRaw(a").append(m.sink()).append(".items.array(), 0, a").append(m.sink())
                        .append(".items.size());\n");
            }
            s.append("                return;\n            }\n");
        }
        return s.toString();
    }
}
