package org.mlos.launcher.cli;

import org.mlos.core.api.JsonWriter;

/**
 * {@code {"error":"…"}}: how a command given {@code --json} reports a failure, on standard output
 * like its replies, so that a script reads one JSON document whatever happened (the nodes answer
 * their own errors the same way).
 */
final class JsonError {

    private JsonError() {
    }

    static String of(String message) {
        return new JsonWriter().object().field("error", message == null ? "failed" : message).end().toString();
    }
}
