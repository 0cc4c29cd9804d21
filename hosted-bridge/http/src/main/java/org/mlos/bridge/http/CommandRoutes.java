package org.mlos.bridge.http;

import java.util.Base64;

import org.mlos.bridge.api.CommandResult;
import org.mlos.bridge.api.HostCommands;
import org.mlos.core.api.JsonWriter;

/**
 * {@code GET /commands}: the commands the host runs. {@code POST /commands/<name>?arg=a&arg=b}:
 * runs one, the body on its standard input; the reply is JSON with its exit code and its output in
 * base64 (a command's output need not be text: an image converter's is not).
 */
final class CommandRoutes {

    private final HostCommands commands;

    CommandRoutes(HostCommands commands) {
        this.commands = commands;
    }

    Reply answer(Request r) {
        if (r.path().isEmpty()) {
            if (!r.method().equals("GET")) {
                return Reply.text(405, "only GET on /commands; POST /commands/<name> runs one").with("Allow", "GET");
            }
            JsonWriter w = new JsonWriter().object().name("commands").array();
            commands.commands().forEach(w::value);
            return Reply.json(w.end().end().toString());
        }
        if (!r.method().equals("POST")) {
            return Reply.text(405, "only POST on /commands/<name>").with("Allow", "POST");
        }
        CommandResult result = commands.run(r.path(), r.args(), r.body());
        Base64.Encoder b64 = Base64.getEncoder();
        return Reply.json(new JsonWriter().object().field("command", r.path()).field("exitCode", result.exitCode())
                .field("millis", result.millis()).field("outputCut", result.outputCut())
                .field("stdout", b64.encodeToString(result.stdout())).field("stderr", b64.encodeToString(result.stderr()))
                .end().toString());
    }
}
