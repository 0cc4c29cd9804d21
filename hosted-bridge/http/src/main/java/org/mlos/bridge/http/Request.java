package org.mlos.bridge.http;

import java.util.List;

/**
 * A request as the routes see it: its method, its path decoded (without the route's prefix), its
 * {@code arg} query parameters in order, its {@code Range} header (null without one), and its
 * whole body.
 */
record Request(String method, String path, List<String> args, String range, byte[] body) {

    /** The same request seen from below {@code prefix} ({@code /files}, {@code /commands}). */
    Request below(String prefix) {
        return new Request(method, path.length() <= prefix.length() + 1 ? "" : path.substring(prefix.length() + 1), args,
                range, body);
    }
}
