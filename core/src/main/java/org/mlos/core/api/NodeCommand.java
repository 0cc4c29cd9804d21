package org.mlos.core.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A request a running node answers on its control socket (what {@code mlos <command>} sends),
 * contributed by a bundle: register a service with the property {@value #NAME} set to the first
 * word of the requests it handles, e.g. {@code cluster}.
 */
@ConsumerType
public interface NodeCommand {

    /** Service property: the request's first word. */
    String NAME = "mlos.command";

    /**
     * Answers one request.
     *
     * @param args the request's words after the first
     * @return the reply text; a line starting {@code error:} reports a failure
     */
    String execute(List<String> args);

    /**
     * Answers one request as a JSON document ({@code mlos … --json}). A command without a JSON
     * form of its own answers {@code {"text": <its text reply>}}; a failure, {@code {"error": …}}.
     *
     * @param args the request's words after the first
     */
    default String executeJson(List<String> args) {
        String text = execute(args);
        return text.startsWith("error:") ? KernelJson.error(text.substring("error:".length()).trim())
                : new JsonWriter().object().field("text", text).end().toString();
    }
}
