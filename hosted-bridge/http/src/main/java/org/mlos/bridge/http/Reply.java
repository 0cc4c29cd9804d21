package org.mlos.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, a content type, the body's bytes and any other headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /**
     * A message, with every control character it quotes but a line break or a tab shown as
     * {@code \xNN}: a message quotes what the client sent (a path, a URI, a command's argument),
     * and a NUL was echoed as sent, an escape sequence (ESC, or C1's CSI) would act on the terminal
     * that curl prints the body to.
     */
    static Reply text(int status, String message) {
        return new Reply(status, "text/plain; charset=utf-8", (shown(message) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static String shown(String message) {
        StringBuilder b = null;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            if (control && b == null) {
                b = new StringBuilder(message.length() + 8).append(message, 0, i);
            }
            if (control) {
                b.append(String.format("\\x%02x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? message : b.toString();
    }

    static Reply json(String json) {
        return new Reply(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply bytes(byte[] body) {
        return new Reply(200, "application/octet-stream", body);
    }

    static Reply none() {
        return new Reply(204, null, new byte[0]);
    }

    /** This reply with one more header. */
    Reply with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }
}
