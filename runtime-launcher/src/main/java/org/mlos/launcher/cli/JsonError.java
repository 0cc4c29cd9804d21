package org.mlos.launcher.cli;

/**
 * {@code {"error":"…"}}: how a command given {@code --json} reports a failure, on standard output
 * like its replies, so that a script reads one JSON document whatever happened (the nodes answer
 * their own errors the same way).
 */
final class JsonError {

    private JsonError() {
    }

    static String of(String message) {
        String m = message == null ? "failed" : message;
        StringBuilder b = new StringBuilder(m.length() + 12).append("{\"error\":\"");
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append("\"}").toString();
    }
}
