package org.mlos.net.api;

/**
 * Framework properties of the network services (a profile's {@code -runproperties}, or
 * {@code mlos run … --set name=value}), for nodes without Configuration Admin; a component's own
 * configuration wins over them. Protocols read them too, to report what the transport does.
 */
public final class NetProperties {

    private NetProperties() {
    }

    /** Event loop threads of the network server (memcached's {@code -t}); one per processor by default. */
    public static final String EVENT_LOOPS = "mlos.net.event.loops";
    /** The most event loops any reader of {@link #EVENT_LOOPS} takes. */
    public static final int MAX_EVENT_LOOPS = 1024;

    /** Connections waiting to be accepted (memcached's {@code -b}); the system's limit by default. */
    public static final String ACCEPT_BACKLOG = "mlos.net.accept.backlog";
}
