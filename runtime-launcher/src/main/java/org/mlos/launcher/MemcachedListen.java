package org.mlos.launcher;

import java.util.Map;

/**
 * memcached's {@code -l} as memcached reads it: one address to bind, which may carry the port
 * ({@code host:port}, {@code [v6]:port}).
 */
final class MemcachedListen {

    private MemcachedListen() {
    }

    /** One address to bind: memcached's -l also takes lists, which one Vert.x listener cannot. */
    static String address(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.contains(",") || v.contains(" ") || v.contains("\t")) {
            throw new NodeOptions.UsageException("-l takes one address to listen on (e.g. 127.0.0.1), got '" + value + "'");
        }
        return hostAndPort(v)[0];
    }

    /**
     * memcached's -l with a port, {@code host:port} or {@code [v6]:port}: its port wins over -p,
     * as memcached's does, whichever comes first. The node took the whole word for the host and
     * failed at boot ("invalid IPv6 address literal", exit 3).
     */
    static void listenPort(String listen, Map<String, String> properties) {
        if (listen != null) {
            String port = hostAndPort(listen.trim())[1];
            if (port != null) {
                properties.put(MemcachedOptions.PORT, Long.toString(MemcachedOptions.range(port, "-l " + listen.trim() + ": the port", 0, 65535)));
            }
        }
    }

    /**
     * As memcached reads an -l word: {@code [v6]} with an optional {@code :port}; one colon, a host
     * and its port; more colons, a bare IPv6 address. The port is null when there is none.
     */
    private static String[] hostAndPort(String v) {
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            String rest = end < 0 ? "" : v.substring(end + 1);
            if (end < 0 || !(rest.isEmpty() || rest.startsWith(":"))) {
                throw new NodeOptions.UsageException("-l " + v + ": an IPv6 address in brackets is [address] or"
                        + " [address]:port (e.g. [::1]:11211)");
            }
            return new String[] { v.substring(1, end), rest.isEmpty() ? null : rest.substring(1) };
        }
        int colon = v.indexOf(':');
        if (colon >= 0 && colon == v.lastIndexOf(':')) {
            return new String[] { v.substring(0, colon), v.substring(colon + 1) };
        }
        return new String[] { v, null };
    }
}
