package org.mlos.bridge.http;

import java.nio.charset.StandardCharsets;

/** What a route answers: a status, a content type and the body's bytes. */
record Reply(int status, String contentType, byte[] body) {

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
}
