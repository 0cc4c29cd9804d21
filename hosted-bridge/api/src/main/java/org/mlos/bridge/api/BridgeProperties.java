package org.mlos.bridge.api;

/**
 * The bridge's framework properties ({@code --set name=value}, a profile's
 * {@code -runproperties}, or the framework's own properties when embedded). Each is read when the
 * component that needs it starts.
 */
public final class BridgeProperties {

    private BridgeProperties() {
    }

    /**
     * The folder {@link HostFiles} serves, made (0700) if missing. Default
     * {@code $XDG_DATA_HOME/mlos/files}, else {@code ~/.local/share/mlos/files}.
     */
    public static final String ROOT = "mlos.bridge.root";
    /**
     * The largest file {@link HostFiles} reads or writes, and the largest body the HTTP front takes,
     * in bytes (default {@link #FILE_MAX_DEFAULT}, at most {@link #FILE_MAX_CEILING}).
     */
    public static final String FILE_MAX_BYTES = "mlos.bridge.file.max.bytes";
    /** {@link #FILE_MAX_BYTES} when the node sets none: 16 MiB. */
    public static final long FILE_MAX_DEFAULT = 16L << 20;
    /** The most {@link #FILE_MAX_BYTES} may say: 48 MiB, so that a file and its reply fit one remote frame (64 MiB) with room to spare. */
    public static final long FILE_MAX_CEILING = 48L << 20;
    /**
     * The commands {@link HostCommands} runs, comma-separated: {@code name} (the executable of that
     * name on the node's {@code PATH}, resolved at start) or {@code name=/absolute/path}, either
     * with the options it may take: {@code convert[-resize|-quality]}, {@code name[*]} for any; a
     * bare name takes none. Default: none, so a host runs nothing it was not told to.
     */
    public static final String COMMANDS = "mlos.bridge.commands";
    /** How long a command may run before it is killed, in milliseconds (default 20,000). */
    public static final String COMMAND_TIMEOUT_MS = "mlos.bridge.command.timeout.ms";
    /**
     * The most a command's standard output, and its standard error, keep, in bytes (default
     * {@link #COMMAND_OUTPUT_DEFAULT}, at most {@link #COMMAND_OUTPUT_CEILING}).
     */
    public static final String COMMAND_OUTPUT_MAX = "mlos.bridge.command.output.max";
    /** {@link #COMMAND_OUTPUT_MAX} when the node sets none: 4 MiB. */
    public static final int COMMAND_OUTPUT_DEFAULT = 4 << 20;
    /** The most {@link #COMMAND_OUTPUT_MAX} may say: 24 MiB, so that both streams and the result fit one remote frame (64 MiB). */
    public static final int COMMAND_OUTPUT_CEILING = 24 << 20;
    /** Commands running at once on the host (default 4); a call past it waits up to the time limit. */
    public static final String COMMANDS_AT_ONCE = "mlos.bridge.commands.at.once";
    /** The interface the HTTP front binds (default 127.0.0.1). */
    public static final String HTTP_HOST = "mlos.bridge.http.host";
    /** The HTTP front's port (default 0: any free one; the ready line shows the endpoint). */
    public static final String HTTP_PORT = "mlos.bridge.http.port";
    /**
     * Connections the HTTP front keeps open at once (default 1,024, memcached's {@code -c}); one
     * more is closed as it opens, and the node's log says so.
     */
    public static final String HTTP_MAX_CONNECTIONS = "mlos.bridge.http.max.connections";
    /**
     * How long the HTTP front waits for a request's body before it counts the body's pace, in
     * milliseconds (default 30,000); a body that then falls behind {@link #HTTP_BODY_MIN_RATE} is
     * answered 408, and the room it took among the bodies being received is given back.
     */
    public static final String HTTP_BODY_GRACE_MS = "mlos.bridge.http.body.grace.ms";
    /** The bytes a second a body must keep coming at past its grace, as Apache's mod_reqtimeout counts (default 65,536). */
    public static final String HTTP_BODY_MIN_RATE = "mlos.bridge.http.body.min.rate";
    /**
     * A file holding the bearer token every HTTP request must present; required: without it the
     * front does not start. {@code mlos run} gives a node {@code bridge.token} in the user's config
     * folder, made on first use.
     */
    public static final String TOKEN_FILE = "mlos.bridge.token.file";
}
