package org.mlos.launcher;

import java.util.Map;

import org.mlos.mem.api.MemProperties;
import org.mlos.net.api.NetProperties;
import org.mlos.net.memcached.server.MemcachedProperties;

/**
 * memcached's own command-line words, so that an operator's memcached line maps one to one. Each
 * of memcached 1.6.18's options is taken for real (it sets the framework property the node reads),
 * taken as the no-op it is for this node (it asks for what the node does anyway), or refused
 * with the reason and what to do instead ({@link #unsupported}); none is taken while the node does
 * something else. Written as memcached's getopt takes them too ({@code -p11211}), and as its long
 * options ({@code --port=11211}).
 *
 * <ul>
 * <li>For real: {@code -p -l -m -c -I -Y}; {@code -s -a} (a unix socket instead of a port, and its
 * mode); {@code -Z} and the {@code -o ssl_*} items (TLS, {@link MemcachedTlsOptions});
 * {@code -A} (the {@code shutdown} command), {@code -t} (the network server's event loops), {@code -b} (its listen backlog), {@code -v}
 * {@code -vv} (the level {@code verbosity} starts at), {@code -P} (a pid file while the node
 * runs, {@link PidFile}).
 * <li>No-ops: {@code -U 0} (no UDP), {@code -u} naming the user the node runs as,
 * {@code -B auto}, {@code -f 1.25}, {@code -W} (the node has no {@code watch} stream), and the
 * {@code -o} items of {@link #EXTENDED_NO_OPS}.
 * </ul>
 */
final class MemcachedOptions {

    static final String PORT = MemcachedProperties.PORT;
    static final String HOST = MemcachedProperties.HOST;
    static final String CAPACITY_MB = MemProperties.STORE_CAPACITY_MB;
    static final String MAX_CONNECTIONS = MemcachedProperties.MAX_CONNECTIONS;
    static final String ITEM_MAX = MemcachedProperties.ITEM_MAX;
    static final String AUTH_FILE = MemcachedProperties.AUTH_FILE;
    static final String SOCKET = MemcachedProperties.SOCKET;
    static final String SOCKET_MASK = MemcachedProperties.SOCKET_MASK;
    static final String SHUTDOWN = MemcachedProperties.SHUTDOWN;
    static final String VERBOSITY = MemcachedProperties.VERBOSITY;
    static final String EVENT_LOOPS = NetProperties.EVENT_LOOPS;
    static final String ACCEPT_BACKLOG = NetProperties.ACCEPT_BACKLOG;
    static final String PID_FILE = PidFile.PROPERTY;

    /** memcached's bounds for -I: 1 KB to 1 GB, and at most half of -m. */
    static final long ITEM_MAX_LOWER = 1024;
    static final long ITEM_MAX_UPPER = 1L << 30;

    /** The most -v's the node has a level for: memcached's {@code verbosity} command caps there too. */
    static final int MAX_VERBOSITY = 2;

    /** Event loops at most for -t (memcached warns past 64 threads). */
    static final int MAX_THREADS = NetProperties.MAX_EVENT_LOOPS;

    private MemcachedOptions() {
    }

    /**
     * The option {@code arg} names, short ({@code -m}) or long ({@code --memory-limit}), with any
     * value written into it ({@code -m64}, {@code --memory-limit=64}) cut off; null if it is not one
     * this launcher takes. {@code -v}, {@code -vv} and {@code --verbose} are all {@code -v}.
     */
    static String name(String arg) {
        return switch (withoutValue(arg)) {
            case "-p", "--port" -> "-p";
            case "-l", "--listen" -> "-l";
            case "-m", "--memory-limit" -> "-m";
            case "-c", "--conn-limit" -> "-c";
            case "-I", "--max-item-size" -> "-I";
            case "-Y", "--auth-file" -> "-Y";
            case "-s", "--unix-socket" -> "-s";
            case "-a", "--unix-mask" -> "-a";
            case "-Z", "--enable-ssl" -> "-Z";
            case "-A", "--enable-shutdown" -> "-A";
            case "-t", "--threads" -> "-t";
            case "-b", "--listen-backlog" -> "-b";
            case "-P", "--pidfile" -> "-P";
            case "-U", "--udp-port" -> "-U";
            case "-u", "--user" -> "-u";
            case "-B", "--protocol" -> "-B";
            case "-f", "--slab-growth-factor" -> "-f";
            case "-o", "--extended" -> "-o";
            case "-W", "--disable-watch" -> "-W";
            case "--verbose" -> "-v";
            default -> {
                if (arg.matches("-v+")) {
                    yield "-v";
                }
                String prefix = arg.length() > 2 && !arg.startsWith("--") ? name(arg.substring(0, 2)) : null;
                yield prefix != null && !flag(prefix) ? prefix : null; // -t4, not -Ad
            }
        };
    }

    /** Whether option {@code name} (as {@link #name} gives it) takes no value: {@link #apply} gets the word itself. */
    static boolean flag(String name) {
        return name.equals("-A") || name.equals("-v") || name.equals("-W") || name.equals("-Z");
    }

    /**
     * Why a memcached option this launcher does not take has no place here, and what to do
     * instead; null if {@code arg} is none of them: an operator's memcached line (or a
     * distribution's memcached.conf) names them, and "unknown option" would not say what to do.
     */
    static String unsupported(String arg) {
        String why = switch (withoutValue(arg)) {
            case "-d", "--daemon" -> "the node stays in the foreground; let your service manager run it in the background"
                    + " (systemd: Type=simple), and leave -d out";
            case "-M", "--disable-evictions" -> "the stores always evict to stay within -m; leave -M out";
            case "-C", "--disable-cas" -> "every item keeps its CAS value (gets, cas and the meta commands need it); leave -C out";
            case "-R", "--max-reqs-per-event" -> "the node answers all of a connection's buffered requests in one turn"
                    + " (stats conn_yields 0); leave -R out";
            case "-n", "--slab-min-size" -> "the slab store sizes its own chunks (64 bytes up, x1.25 a class); leave -n out";
            case "-L", "--enable-largepages" -> "the stores take no large pages up front; leave -L out (for the JVM's"
                    + " own, MLOS_JAVA_OPTS=-XX:+UseTransparentHugePages)";
            case "-k", "--lock-memory" -> "the node does not lock its memory (mlockall); leave -k out and keep the host"
                    + " from swapping instead";
            case "-r", "--enable-coredumps" -> "the node does not raise its core file limit; leave -r out and raise it"
                    + " where it starts (ulimit -c unlimited, systemd LimitCORE=infinity)";
            case "-S", "--enable-sasl" -> "the node authenticates against -Y's file of user:password lines (binary"
                    + " clients by SASL PLAIN, text ones by memcached's authenticating set), not Cyrus SASL; give -Y instead";
            case "-X", "--disable-dumping" -> "the node always answers stats cachedump and lru_crawler metadump;"
                    + " leave -X out, and keep the port behind -Y or a firewall";
            case "-F", "--disable-flush-all" -> "the node always answers flush_all; leave -F out, and keep the port"
                    + " behind -Y or a firewall";
            case "-D" -> "the node counts per-prefix stats with ':' only, once 'stats detail on' is sent; leave -D out"
                    + " and send that once the node is ready";
            case "-e", "--memory-file" -> "the node keeps no restartable memory file; leave -e out (for items that"
                    + " outlive a restart, see 'A durable node' in runtime-launcher/README.md)";
            case "-N", "--napi-ids", "--napi_ids" -> "the node does not deal connections by NAPI id; leave -N out";
            case "-i", "--license" -> "the node prints no licence text; see the project's own files";
            default -> null;
        };
        if (why != null || arg.length() <= 2 || arg.startsWith("--")) {
            return why;
        }
        String first = arg.substring(0, 2);
        if (name(first) != null && flag(name(first))) {
            return "give memcached's flags one at a time (" + first + " -" + arg.charAt(2) + ", not " + arg + ")";
        }
        return unsupported(first); // -R20
    }

    /** A long option without the value written into it ({@code --port=1} is {@code --port}); else {@code arg}. */
    private static String withoutValue(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
    }

    /** The value written into {@code arg} itself, or null when it is the next argument. */
    static String inlineValue(String arg) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            return eq > 0 ? arg.substring(eq + 1) : null;
        }
        return arg.length() > 2 ? arg.substring(2) : null;
    }

    /**
     * Checks {@code value} for option {@code name} (as {@link #name} gives it) and sets its property;
     * for a {@link #flag}, {@code value} is the word itself ({@code -vv}).
     */
    /**
     * Whether only the memcached server reads what the option sets: {@code -m} and {@code -I}
     * size any node's store, {@code -P} is the launcher's, {@code -t} and {@code -b} the network
     * server's, and the rest only check their value.
     */
    static boolean serverOnly(String name) {
        return switch (name) {
            case "-p", "-l", "-c", "-Y", "-s", "-a", "-A", "-Z", "-v" -> true;
            default -> false;
        };
    }

    static void apply(String name, String value, Map<String, String> properties) {
        if (flag(name) && value.startsWith("--") && value.indexOf('=') > 0) {
            throw new NodeOptions.UsageException(value + ": " + withoutValue(value) + " takes no value"
                    + (name.equals("-v") ? " (memcached counts it once, whatever follows '='); give -v or -vv" : ""));
        }
        switch (name) {
            case "-p" -> properties.put(PORT, Long.toString(range(value, name, 0, 65535)));
            case "-l" -> properties.put(HOST, MemcachedListen.address(value));
            case "-m" -> properties.put(CAPACITY_MB, Long.toString(range(megabytes(value), name, 1, 1L << 30)));
            case "-c" -> properties.put(MAX_CONNECTIONS, Long.toString(range(value, name, 1, Integer.MAX_VALUE)));
            case "-I" -> properties.put(ITEM_MAX, Long.toString(itemMax(value)));
            case "-Y" -> properties.put(AUTH_FILE, authFile(value));
            case "-s" -> properties.put(SOCKET, MemcachedSocketOptions.path(value));
            case "-a" -> properties.put(SOCKET_MASK, MemcachedSocketOptions.mask(value));
            case "-A" -> properties.put(SHUTDOWN, "true");
            case "-Z" -> properties.put(MemcachedTlsOptions.TLS, "true");
            case "-t" -> properties.put(EVENT_LOOPS, Long.toString(range(value, name, 1, MAX_THREADS)));
            case "-b" -> properties.put(ACCEPT_BACKLOG, Long.toString(range(value, name, 1, Integer.MAX_VALUE)));
            case "-v" -> properties.put(VERBOSITY, Integer.toString(verbosity(value, properties.get(VERBOSITY))));
            case "-P" -> properties.put(PID_FILE, pidFile(value));
            case "-U" -> udpPort(value);
            case "-u" -> user(value, System.getProperty("user.name"));
            case "-B" -> protocol(value);
            case "-f" -> growthFactor(value);
            case "-o" -> extended(value, properties);
            case "-W" -> {
                // the node has no watch log stream: 'watch' fails with or without -W
            }
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** A refusal of {@code option value} the operator reads as one line: what was given, why not, what to do. */
    private static NodeOptions.UsageException notTaken(String option, String value, String why) {
        return new NodeOptions.UsageException("memcached's " + option + (value.isEmpty() ? "" : " " + value)
                + " is not taken here: " + why);
    }

    /**
     * The level the -v's so far ask for: each {@code v} adds one to the level set before it (on
     * this line, by -v or --set), as memcached counts them; more than -vv is refused.
     */
    static int verbosity(String word, String before) {
        int level = word.startsWith("--") ? 1 : word.length() - 1;
        if (before != null) {
            try {
                level += Integer.parseInt(before.trim());
            } catch (NumberFormatException e) {
                throw new NodeOptions.UsageException(VERBOSITY + " must be 0, 1 or 2, got '" + before + "'");
            }
        }
        if (level > MAX_VERBOSITY) {
            throw notTaken("-" + "v".repeat(level), "", "the node logs at most what -vv asks (every request and connection,"
                    + " each request answered with an error), not memcached's internal state transitions; give -vv");
        }
        return level;
    }

    /** memcached's -P: a file in a folder that is there and writable, as an absolute path (the node may change folder). */
    private static String pidFile(String value) {
        java.nio.file.Path file = java.nio.file.Path.of(value.trim()).toAbsolutePath();
        java.nio.file.Path folder = file.getParent();
        if (value.isBlank() || folder == null || java.nio.file.Files.isDirectory(file)) {
            throw new NodeOptions.UsageException("-P takes the pid file's path, got '" + value + "'");
        }
        if (!java.nio.file.Files.isDirectory(folder) || !java.nio.file.Files.isWritable(folder)) {
            throw new NodeOptions.UsageException("-P " + value + ": no folder " + folder + " this user can write the pid"
                    + " file in; create it for the user that starts the node (systemd: RuntimeDirectory=)");
        }
        return file.toString();
    }

    /** memcached's -U: 0 is UDP off, what the node does; a port is refused. */
    private static void udpPort(String value) {
        long port = range(value, "-U", 0, 65535);
        if (port != 0) {
            throw notTaken("-U", value, "the node serves no UDP (memcached 1.6 has it off by default too); leave -U out"
                    + " or give -U 0");
        }
    }

    /**
     * memcached's -u: the user it switches to when started as root. The node cannot switch; naming
     * the user it runs as changes nothing.
     */
    static void user(String value, String running) {
        if (!value.trim().equals(running)) {
            throw notTaken("-u", value, "the node runs as the user who starts it (" + running + ") and cannot switch;"
                    + " start it as " + value.trim() + " (systemd: User=" + value.trim() + "), or leave -u out");
        }
    }

    /** memcached's -B: the node tells the binary protocol from text on each connection's first byte, as auto does. */
    private static void protocol(String value) {
        switch (value.trim()) {
            case "auto" -> {
            }
            case "ascii", "binary" -> throw notTaken("-B", value, "the node tells binary from text on each connection's"
                    + " first byte (memcached's auto) and cannot refuse either; leave -B out or give -B auto");
            default -> throw new NodeOptions.UsageException("-B takes ascii, binary or auto, got '" + value + "'");
        }
    }

    /** memcached's -f: the slab store's classes grow by memcached's default, 1.25; another factor is refused. */
    private static void growthFactor(String value) {
        double factor;
        try {
            factor = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new NodeOptions.UsageException("-f takes a number greater than 1, got '" + value + "'");
        }
        if (!(factor > 1.0)) {
            throw new NodeOptions.UsageException("-f " + value + ": the growth factor must be greater than 1");
        }
        if (factor != 1.25) {
            throw notTaken("-f", value, "the slab store's classes grow by 1.25 (memcached's default) and cannot change;"
                    + " leave -f out");
        }
    }

    /**
     * {@code -o} items that ask for what the node does anyway: {@code modern} (nothing in memcached
     * 1.6.18 either), {@code maxconns_fast} (over -c a client reads an error and is closed),
     * {@code no_lru_maintainer} (the node has no LRU maintainer), {@code no_slab_reassign}
     * ({@code slabs reassign} is refused as memcached refuses it then), {@code lru_crawler} (the
     * expiry crawler runs from the start), {@code no_drop_privileges} (no seccomp filter),
     * {@code idle_timeout=0} (no idle connection is closed), and {@code inline_ascii_resp} and
     * {@code no_inline_ascii_resp}, which memcached 1.6.18 ignores.
     */
    static final java.util.Set<String> EXTENDED_NO_OPS = java.util.Set.of("modern", "maxconns_fast", "no_lru_maintainer",
            "no_slab_reassign", "lru_crawler", "no_drop_privileges", "idle_timeout=0", "inline_ascii_resp",
            "no_inline_ascii_resp");

    /**
     * memcached's -o: taken when every item is one of {@link #EXTENDED_NO_OPS} or a TLS setting
     * ({@link MemcachedTlsOptions}); else refused naming each other one.
     */
    private static void extended(String value, Map<String, String> properties) {
        java.util.List<String> refused = new java.util.ArrayList<>();
        for (String item : value.split(",")) {
            String it = item.trim();
            if (it.isEmpty() || EXTENDED_NO_OPS.contains(it)) {
                continue;
            }
            String tls = it.startsWith("ssl_") ? MemcachedTlsOptions.item(it, properties) : null;
            if (it.startsWith("ssl_") && tls == null) {
                continue;
            }
            refused.add(it + " (" + (tls != null ? tls : extendedRefusal(it)) + ")");
        }
        if (!refused.isEmpty()) {
            throw notTaken("-o", value, String.join("; ", refused) + "; leave "
                    + (refused.size() == 1 ? "it" : "those") + " out");
        }
    }

    /** Why the node cannot honour {@code -o} item {@code item} (a name, or name=value). */
    static String extendedRefusal(String item) {
        String name = item.contains("=") ? item.substring(0, item.indexOf('=')) : item;
        if (name.startsWith("ext_") || name.equals("slab_automove_freeratio")) {
            return "no external storage (extstore)";
        }
        if (name.startsWith("proxy_")) {
            return "no proxy mode";
        }
        return switch (name) {
            case "idle_timeout" -> "the node closes no idle connection";
            case "no_maxconns_fast" -> "over -c the node always answers an error and closes the connection";
            case "hashpower", "no_hashexpand" -> "the stores' indexes size themselves";
            case "hash_algorithm" -> "the stores hash keys their own way";
            case "lru_maintainer", "hot_lru_pct", "warm_lru_pct", "hot_max_factor", "warm_max_factor", "temporary_ttl",
                    "tail_repair_time" -> "no segmented LRU and no LRU maintainer; each store evicts in its own order";
            case "slab_reassign", "slab_automove", "slab_automove_ratio", "slab_automove_window" ->
                "no page moves on request; the slab store moves pages between its classes by itself";
            case "slab_chunk_max", "slab_sizes", "no_chunked_items", "no_modern" -> "the slab store's classes are its own";
            case "no_lru_crawler" -> "the expiry crawler runs from the start: send 'lru_crawler disable' once the node is ready";
            case "lru_crawler_sleep", "lru_crawler_tocrawl" -> "the expiry crawler paces itself";
            case "track_sizes" -> "send 'stats sizes_enable' once the node is ready";
            case "watcher_logbuf_size", "worker_logbuf_size" -> "no watch log stream";
            case "read_buf_mem_limit", "resp_obj_mem_limit" -> "a connection's buffers are bounded each, not from a pool";
            case "drop_privileges" -> "the node installs no seccomp filter";
            default -> "not a setting this node has";
        };
    }

    /**
     * A warning when the cache listens beyond loopback without an authentication file (-Y): whoever
     * reaches the port reads and writes every item. Null when it stays on loopback, asks for one,
     * requires client certificates (-Z with ssl_verify_mode 2 or 3), or listens on a unix socket
     * (-s) instead, as memcached then binds no address.
     */
    static String exposureWarning(Map<String, String> properties) {
        String host = properties.get(HOST);
        if (host == null || properties.get(SOCKET) != null || MemcachedTlsOptions.authenticatesClients(properties)
                || isLoopback(host) || properties.get(AUTH_FILE) != null || notOfThisMachine(host)) {
            return null;
        }
        return "warning: the cache listens on " + host + ", beyond loopback, without authentication:"
                + " anyone who can reach that address can read, change and flush every item."
                + " Give it memcached's -Y <file of user:password lines>, or client certificates (-Z -o"
                + " ssl_ca_cert=<file>,ssl_verify_mode=2), or keep it behind a firewall.";
    }

    /**
     * Whether {@code host} is an address literal this machine does not have and cannot listen on:
     * the node then fails to start and says so, and a warning about who could reach it would only
     * precede that. A host that binds addresses it does not have ({@code ip_nonlocal_bind}, as for
     * a floating address) serves there, so it keeps the warning. A host name is not looked up here
     * (a slow resolver would hold the launch).
     */
    private static boolean notOfThisMachine(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            java.net.InetAddress a = java.net.InetAddress.ofLiteral(h);
            String nonlocalBind = "/proc/sys/net/" + (a instanceof java.net.Inet6Address ? "ipv6" : "ipv4") + "/ip_nonlocal_bind";
            return !a.isAnyLocalAddress() && java.net.NetworkInterface.getByInetAddress(a) == null
                    && java.nio.file.Files.readString(java.nio.file.Path.of(nonlocalBind)).trim().equals("0");
        } catch (IllegalArgumentException | java.io.IOException notALiteralOrUnknown) {
            return false; // SocketException is an IOException: when in doubt, warn
        }
    }

    /** memcached's -Y: a readable file, given as an absolute path (the node may run elsewhere). */
    private static String authFile(String value) {
        java.nio.file.Path file = java.nio.file.Path.of(value.trim()).toAbsolutePath();
        if (!java.nio.file.Files.isReadable(file)) {
            throw new NodeOptions.UsageException("-Y " + value + ": no readable file there (lines user:password)");
        }
        return file.toString();
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equalsIgnoreCase("0:0:0:0:0:0:0:1");
    }

    /** memcached's -I: bytes, or a number followed by k or m (either case). */
    static long itemMax(String value) {
        String v = value.trim();
        long unit = 1;
        char last = v.isEmpty() ? ' ' : Character.toLowerCase(v.charAt(v.length() - 1));
        if (last == 'k' || last == 'm') {
            unit = last == 'k' ? 1024 : 1 << 20;
            v = v.substring(0, v.length() - 1);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(v), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NodeOptions.UsageException("-I takes a size in bytes, or with k or m (e.g. 1m, 512k), got '" + value + "'");
        }
        if (bytes < ITEM_MAX_LOWER) {
            throw new NodeOptions.UsageException("-I " + value + ": the item size limit cannot be less than 1024 bytes");
        }
        if (bytes > ITEM_MAX_UPPER) {
            throw new NodeOptions.UsageException("-I " + value + ": the item size limit cannot be more than a gigabyte");
        }
        return bytes;
    }

    static long range(String value, String name, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new NodeOptions.UsageException(name + " takes a number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new NodeOptions.UsageException(name + " takes a number from " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    /**
     * -m's megabytes, also written {@code 64m} as memcached takes it (it reads the leading digits).
     * Other units are refused: memcached reads {@code -m 1g} as 1 MB, which is not what its
     * operator meant, nor what this node should silently make of it either way.
     */
    static String megabytes(String value) {
        String v = value.trim();
        if (v.matches("\\d+[mM]")) {
            return v.substring(0, v.length() - 1);
        }
        if (v.matches("\\d+[a-zA-Z]+")) {
            String digits = v.replaceAll("[a-zA-Z]+$", "");
            throw new NodeOptions.UsageException("-m takes megabytes, got '" + value + "': memcached reads it as -m " + digits
                    + " (its leading digits, whatever the unit); give the megabytes you mean (-m 1024 for a gigabyte)");
        }
        return v;
    }
}
