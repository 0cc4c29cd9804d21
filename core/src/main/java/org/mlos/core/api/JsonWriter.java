package org.mlos.core.api;

/**
 * Writes the JSON documents a node's control socket answers with ({@code mlos … --json}): objects,
 * arrays, strings, numbers, booleans and null, escaped as RFC 8259 asks. A writer and nothing
 * more; parsing is the reader's business (any JSON library). Not thread-safe.
 *
 * <pre>{@code
 * String json = new JsonWriter().object().field("kind", "KeyValueStore").field("swaps", 3).end().toString();
 * }</pre>
 */
public final class JsonWriter {

    private static final int MAX_DEPTH = 64;

    private final StringBuilder out = new StringBuilder();
    /** Per open container, innermost last: its closing bracket, and whether it has a member yet. */
    private final char[] closers = new char[MAX_DEPTH];
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private int depth;
    private boolean afterName;

    public JsonWriter object() {
        return open('{', '}');
    }

    public JsonWriter array() {
        return open('[', ']');
    }

    /** Closes the innermost object or array. */
    public JsonWriter end() {
        if (depth == 0 || afterName) {
            throw new IllegalStateException(depth == 0 ? "nothing to close" : "a name without its value");
        }
        out.append(closers[--depth]);
        return this;
    }

    /** The name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (depth == 0 || closers[depth - 1] != '}' || afterName) {
            throw new IllegalStateException("a name belongs in an object, before a value");
        }
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** Since 1.8. */
    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** A number with its fraction ({@code 2000.0}); NaN and the infinities, which JSON has no words for, as null. Since 1.8. */
    public JsonWriter value(double value) {
        beforeValue();
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        return this;
    }

    /** The document; every container must be closed. */
    @Override
    public String toString() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " container(s) left open");
        }
        return out.toString();
    }

    private JsonWriter open(char opener, char closer) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("nested deeper than " + MAX_DEPTH);
        }
        beforeValue();
        out.append(opener);
        closers[depth] = closer;
        hasMember[depth] = false;
        depth++;
        return this;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0 && closers[depth - 1] == '}') {
            throw new IllegalStateException("a value in an object needs a name first");
        }
        separate();
    }

    private void separate() {
        if (depth > 0) {
            if (hasMember[depth - 1]) {
                out.append(',');
            }
            hasMember[depth - 1] = true;
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
