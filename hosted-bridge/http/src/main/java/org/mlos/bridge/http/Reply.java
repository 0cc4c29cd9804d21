package org.mlos.bridge.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers: a status, a content type, the body's bytes and any other headers. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    static Reply text(int status, String message) {
        return new Reply(status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
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
