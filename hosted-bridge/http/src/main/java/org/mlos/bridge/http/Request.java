package org.mlos.bridge.http;

import java.util.List;

/**
 * A request as the routes see it: its method, its path decoded (without the route's prefix), its
 * {@code arg} query parameters in order, and its whole body.
 */
record Request(String method, String path, List<String> args, byte[] body) {
}
