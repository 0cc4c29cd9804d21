package org.mlos.launcher;

import java.util.Map;

import org.mlos.mem.api.MemProperties;
import org.mlos.net.memcached.server.MemcachedProperties;

/**
 * memcached's own command-line words, so that an operator's memcached line maps one to one:
 * {@code -p PORT -l ADDR -m MB -c CONNS -I ITEM_MAX -Y AUTHFILE}, also written as memcached's getopt takes them
 * ({@code -p11211}) and as its long options ({@code --port=11211}). Each sets the framework
 * property the node already reads.
 */
final class MemcachedOptions {

    static final String PORT = MemcachedProperties.PORT;
    static final String HOST = MemcachedProperties.HOST;
    static final String CAPACITY_MB = MemProperties.STORE_CAPACITY_MB;
    static final String MAX_CONNECTIONS = MemcachedProperties.MAX_CONNECTIONS;
    static final String ITEM_MAX = MemcachedProperties.ITEM_MAX;
    static final String AUTH_FILE = MemcachedProperties.AUTH_FILE;

    /** memcached's bounds for -I: 1 KB to 1 GB, and at most half of -m. */
    static final long ITEM_MAX_LOWER = 1024;
    static final long ITEM_MAX_UPPER = 1L << 30;

    private MemcachedOptions() {
    }

    /**
     * The option {@code arg} names, short ({@code -m}) or long ({@code --memory-limit}), with any
     * value written into it ({@code -m64}, {@code --memory-limit=64}) cut off; null if it is not one.
     */
    static String name(String arg) {
        return switch (withoutValue(arg)) {
            case "-p", "--port" -> "-p";
            case "-l", "--listen" -> "-l";
            case "-m", "--memory-limit" -> "-m";
            case "-c", "--conn-limit" -> "-c";
            case "-I", "--max-item-size" -> "-I";
            case "-Y", "--auth-file" -> "-Y";
            default -> arg.length() > 2 && !arg.startsWith("--") && name(arg.substring(0, 2)) != null
                    ? arg.substring(0, 2) : null;
        };
    }

    /**
     * Why a memcached option this launcher does not take has no place here, or null if {@code arg}
     * is none of them: an operator's memcached line (or a distribution's memcached.conf) names
     * them, and "unknown option" would not say what to do instead.
     */
    static String unsupported(String arg) {
        return switch (withoutValue(arg)) {
            case "-t", "--threads" -> "the node runs one event loop per processor; leave -t out";
            case "-U", "--udp-port" -> "the node serves no UDP (memcached 1.6 has it off by default too); leave -U out";
            case "-u", "--user" -> "the node runs as the user who starts it; start it as that user instead";
            case "-d", "--daemon" -> "the node runs in the foreground; let your service manager (systemd) run it in the background";
            case "-P", "--pidfile" -> "the node writes no pid file: its ready line prints pid=, and a service manager tracks it";
            case "-v", "-vv", "-vvv", "--verbose" -> "the node takes its log level from memcached's verbosity command,"
                    + " not its command line; leave -v out and send 'verbosity 1' (errors) or 'verbosity 2' (every"
                    + " command and connection) once it is ready";
            case "-M", "--disable-evictions" -> "the stores always evict to stay within -m; leave -M out";
            default -> arg.length() > 2 && !arg.startsWith("--") && !arg.startsWith("-v") && unsupported(arg.substring(0, 2)) != null
                    ? unsupported(arg.substring(0, 2)) : null;
        };
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

    /** Checks {@code value} for option {@code name} (as {@link #name} gives it) and sets its property. */
    static void apply(String name, String value, Map<String, String> properties) {
        switch (name) {
            case "-p" -> properties.put(PORT, Long.toString(range(value, name, 0, 65535)));
            case "-l" -> properties.put(HOST, address(value));
            case "-m" -> properties.put(CAPACITY_MB, Long.toString(range(value, name, 1, 1L << 30)));
            case "-c" -> properties.put(MAX_CONNECTIONS, Long.toString(range(value, name, 1, Integer.MAX_VALUE)));
            case "-I" -> properties.put(ITEM_MAX, Long.toString(itemMax(value)));
            case "-Y" -> properties.put(AUTH_FILE, authFile(value));
            default -> throw new IllegalArgumentException(name);
        }
    }

    /** The largest item a slab store holds: its page, 1 MB and 4 KB for the item's header and key. */
    static final long SLAB_ITEM_MAX = 1L << 20;

    /**
     * Checks what only the options together tell: -I at most half of -m, as memcached requires,
     * and no more than the node's store holds.
     */
    static void check(Map<String, String> properties) {
        String itemMax = properties.get(ITEM_MAX);
        if (itemMax != null) {
            try {
                Long.parseLong(itemMax.trim());
            } catch (NumberFormatException e) {
                throw new NodeOptions.UsageException(ITEM_MAX + " must be a number of bytes, got '" + itemMax
                        + "' (-I takes 1m or 512k)");
            }
            itemMax = itemMax.trim();
        }
        String mb = properties.get(CAPACITY_MB);
        if (itemMax != null && mb != null) {
            long capacity;
            try {
                capacity = Long.parseLong(mb.trim()) << 20;
            } catch (NumberFormatException e) {
                throw new NodeOptions.UsageException(CAPACITY_MB + " must be a number of megabytes, got '" + mb + "'");
            }
            if (Long.parseLong(itemMax) > capacity / 2) {
                throw new NodeOptions.UsageException("-I " + itemMax + " is more than half of -m " + mb
                        + " (memcached: cannot set item size limit higher than 1/2 of memory max)");
            }
        }
        String store = properties.getOrDefault(NodeSizing.STORE_KIND, NodeSizing.PROFILE_STORE).trim();
        if (itemMax != null && store.equals("slab") && Long.parseLong(itemMax) > SLAB_ITEM_MAX) {
            // memcached chains larger items over several chunks; a slab store's item lies in one
            // page, so such a set would fail with an out-of-memory error on an empty cache
            throw new NodeOptions.UsageException("-I " + itemMax + ": the slab store (the cache profiles' default)"
                    + " holds items of up to 1 MB (-I 1m); for larger items choose another store: --set "
                    + NodeSizing.STORE_KIND + "=heap or =lru (items up to half of -m), or =log (up to 5m)");
        }
        if (itemMax != null && store.equals("log")) {
            String why = logRefusal(mb == null ? MemProperties.DEFAULT_STORE_CAPACITY_MB : Long.parseLong(mb.trim()),
                    Long.parseLong(itemMax));
            if (why != null) {
                throw new NodeOptions.UsageException("-I " + itemMax + ": " + why);
            }
        }
        if (itemMax != null) {
            // the stores size their parts (heap segments, log segments) so that one holds such an item
            properties.putIfAbsent(MemProperties.STORE_ITEM_MAX, itemMax);
        }
    }

    /** The largest item a log store holds: a record lies in one segment, at most 5 MB of values. */
    static final long LOG_ITEM_MAX = 5L << 20;

    /**
     * Why a log store of {@code mb} megabytes cannot hold items of {@code itemMax} bytes, or null:
     * LogStore's own rule (its segments: a sixteenth of the capacity in whole megabytes, 1 to 4 MB,
     * and at least the largest item; three of them must fit), which the launcher cannot load.
     * {@code MemcachedOptionsTest} holds the two to the same answers.
     */
    static String logRefusal(long mb, long itemMax) {
        if (itemMax > LOG_ITEM_MAX) {
            return "the log store holds items of up to 5 MB (-I 5m): a record lies in one segment; for larger items"
                    + " choose --set " + NodeSizing.STORE_KIND + "=heap or =lru";
        }
        long segmentMb = Math.max(Math.max(1, Math.min(4, mb / 16)), (itemMax + (1 << 20) - 1) >> 20);
        if (3 * ((segmentMb << 20) + LOG_RECORD_HEADER) > mb << 20) {
            return "the log store lays out at least three segments of " + segmentMb + " MB for such items, more than -m "
                    + mb + "; raise -m to " + (3 * segmentMb + 1) + " or lower -I";
        }
        return null;
    }

    /** Bytes of a log record's header, which a segment holds beside its megabytes of values. */
    private static final long LOG_RECORD_HEADER = 24;

    /**
     * A warning when the cache listens beyond loopback without an authentication file (-Y): whoever
     * reaches the port reads and writes every item. Null when it stays on loopback or asks for one.
     */
    static String exposureWarning(Map<String, String> properties) {
        String host = properties.get(HOST);
        if (host == null || isLoopback(host) || properties.get(AUTH_FILE) != null) {
            return null;
        }
        return "warning: the cache listens on " + host + ", beyond loopback, without authentication:"
                + " anyone who can reach that address can read, change and flush every item."
                + " Give it memcached's -Y <file of user:password lines>, or keep it behind a firewall.";
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

    private static long range(String value, String name, long min, long max) {
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

    /** One address to bind: memcached's -l also takes lists, which one Vert.x listener cannot. */
    private static String address(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.contains(",") || v.contains(" ") || v.contains("\t")) {
            throw new NodeOptions.UsageException("-l takes one address to listen on (e.g. 127.0.0.1), got '" + value + "'");
        }
        return v;
    }
}
