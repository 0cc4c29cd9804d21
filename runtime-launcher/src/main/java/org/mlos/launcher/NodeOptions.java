package org.mlos.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code mlos run} was asked to do. Parsed by hand: a node's boot path stays free of
 * reflection-heavy parsing libraries (the other commands use picocli).
 *
 * @param profile        the profile to run
 * @param images         where the build left the profile images
 * @param state          the framework's storage folder, or null for a fresh one per run
 * @param shell          add the Gogo shell
 * @param exitWhenReady  stop as soon as the node is ready
 * @param readyTimeoutMs how long to wait for every component to be satisfied
 * @param overrides      framework properties given with {@code --set key=value}
 * @param metrics        add the metrics bundle (Prometheus endpoint, JMX)
 * @param memcached      the options given that only the memcached server reads, as typed ({@code -p},
 *                       {@code --port}, {@code -c} ...: {@link MemcachedOptions#serverOnly})
 * @param setKeys        the keys given with {@code --set} as typed, not those an option sets for
 *                       the user: those a node checks for a misspelling ({@link UnreadProperties})
 */
record NodeOptions(String profile, Path images, Path state, boolean shell, boolean exitWhenReady,
        long readyTimeoutMs, Map<String, String> overrides, boolean frameworkOnly, boolean metrics,
        List<String> memcached, List<String> setKeys) {

    /** The profile name a framework-only node reports. */
    static final String FRAMEWORK_ONLY = "felix";

    static final String USAGE = """
            Usage: mlos run <profile> [options]

            Boots a node running one profile: an embedded Apache Felix with exactly the bundles bnd
            resolved for the profile. Prints one line when every bundle is active, every component
            satisfied and every implementation the settings prefer (mlos.kind.<kind>=<impl>) serves:
              mlos: ready profile=<name> bundles=<n> boot_ms=<t> serving_ms=<t> [joined_ms=pending] ...
            A cluster node serves before its cluster join completes, then prints
              mlos: joined [alone] profile=<name> joined_ms=<t> ...
            alone: no member of its cluster, but members of another (another secret) refused it.

            Options:
              --shell               add the Gogo shell (commands in scope mlos: kinds, swap, history)
              --metrics             add the metrics bundle: a Prometheus endpoint on 127.0.0.1 (its URL in
                                    the ready line; bearer token in metrics.token in $XDG_CONFIG_HOME/mlos,
                                    default ~/.config/mlos) and JMX
              --dashboard           the same bundle's web dashboard, at / on that endpoint: kinds, call
                                    rates, swap history, swaps started from the page (token asked)
              --exit-when-ready     stop the node as soon as it is ready, and joined if it joins a cluster
                                    (exit code 0)
              --port <n>            shorthand for --set mlos.port=<n> (profiles that serve a port)
              --set <key>=<value>   set a framework property (repeatable), e.g. mlos.kind.<kind>=<impl>
              --state <dir>         keep the framework's storage in <dir> (default: a fresh temporary folder)
              --ready-timeout <s>   seconds to wait for readiness before failing, and again for the
                                    cluster join after the ready line (default 30)
              --images <dir>        where the built profiles are (set by the mlos script)
              --framework-only      start bare Felix, no bundles (the baseline of mlos bench boot)
              -h, --help            show this help

            memcached's own options (cache, cache-standalone, cache-chronicle), so that a memcached 1.6 line
            carries over; each one the node cannot honour is refused with the reason and what to do
            (-d -M -C -R -n -L -k -r -S -X -F -D -e -N, and the values below rule out):
              -p, --port <n>        TCP port (default 11211; 0 takes a free port)
              -l, --listen <addr>   address to listen on (default 127.0.0.1; another address
                                    without -Y prints a warning)
              -s, --unix-socket <file>
                                    listen on this unix socket instead of a port (not in the
                                    cluster profiles; a socket left by a stopped server is replaced)
              -a, --unix-mask <mask>
                                    the socket's permission bits, in octal (default 700)
              -Y, --auth-file <file>
                                    lines user:password; clients must authenticate first
              -m, --memory-limit <mb>
                                    store capacity in megabytes (default 64); the node's JVM
                                    is sized from it (runtime-launcher/README.md)
              -c, --conn-limit <n>  connections at most (default 1024)
              -I, --max-item-size <size>
                                    largest value, in bytes or with k or m (default 1m; 1k to 1g,
                                    at most half of -m)
              -t, --threads <n>     event loops serving connections (default one per processor)
              -b, --listen-backlog <n>
                                    connections queued before they are accepted (default the
                                    system's net.core.somaxconn, which also caps it)
              -Z, --enable-ssl      TLS on every connection: give -o ssl_chain_cert=<PEM file>,
                                    ssl_key=<PEM file>, and for client certificates
                                    ssl_ca_cert=<PEM file>,ssl_verify_mode=2; ssl_min_version=3 (TLS 1.3);
                                    ssl_ciphers=<OpenSSL cipher list> (TLS 1.2's suites);
                                    refresh_certs reads the files again
              -A, --enable-shutdown the shutdown command stops the server
              -v, -vv, --verbose    log each request answered with an error (-v), and each request
                                    and connection too (-vv), as the verbosity command sets it
              -P, --pidfile <file>  write the node's pid there once it is ready; removed when it stops
              -U, --udp-port 0      (UDP off, as the node is; another port is refused)
              -u, --user <user>     (only the user the node runs as: it cannot switch)
              -B, --protocol auto   (each connection's first byte tells binary from text)
              -f, --slab-growth-factor 1.25
                                    (the slab store's classes grow so)
              -W, --disable-watch   (the node has no watch stream)
              -o, --extended <items>
                                    taken when every item asks for what the node does: modern,
                                    maxconns_fast, no_lru_maintainer, no_slab_reassign, lru_crawler,
                                    no_drop_privileges, idle_timeout=0, [no_]inline_ascii_resp,
                                    and the ssl_ items of -Z

            Exit codes: 0 stopped normally (--exit-when-ready, or the framework stopped from within),
                        2 bad usage, 3 a bundle or component failed to install or start (a port taken,
                        say), 4 not ready in time. SIGTERM (kill, systemctl stop), SIGINT (Ctrl-C)
                        and SIGUSR1 stop the node cleanly with 0, as memcached does; SIGHUP is ignored.
            """;

    static NodeOptions parse(String[] args) {
        return parse(args, true);
    }

    /** @param needImages whether {@code --images} must be there (not when only sizing a node's JVM) */
    static NodeOptions parse(String[] args, boolean needImages) {
        String profile = null;
        String listen = null;
        Path images = null;
        Path state = null;
        boolean shell = false;
        boolean exit = false;
        boolean frameworkOnly = false;
        boolean metrics = false;
        long timeout = 30_000;
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> memcachedGiven = new ArrayList<>();
        List<String> setKeys = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--shell" -> shell = true;
                case "--exit-when-ready" -> exit = true;
                case "--metrics", "--dashboard" -> metrics = true;
                case "--framework-only" -> frameworkOnly = true;
                case "--images" -> images = Path.of(value(args, ++i, a));
                case "--state" -> state = Path.of(value(args, ++i, a));
                case "--ready-timeout" -> timeout = Long.parseLong(number(value(args, ++i, a), a)) * 1000;
                case "--set" -> {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--set takes key=value, got '" + kv + "'");
                    }
                    overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
                    setKeys.add(kv.substring(0, eq));
                }
                default -> {
                    String memcached = MemcachedOptions.name(a);
                    if (memcached != null) {
                        String v = MemcachedOptions.inlineValue(a);
                        String value = MemcachedOptions.flag(memcached) ? a : v != null ? v : value(args, ++i, a);
                        if (memcached.equals("-l") && listen != null) {
                            // memcached listens on each -l; dropping one unsaid would leave clients unserved
                            throw new UsageException("-l given twice ('" + listen + "' and '" + value
                                    + "'): this node listens on one address; give the one clients use");
                        }
                        if (memcached.equals("-l")) {
                            listen = value;
                        }
                        MemcachedOptions.apply(memcached, value, overrides);
                        if (MemcachedOptions.serverOnly(memcached)) {
                            memcachedGiven.add(a);
                        }
                        continue;
                    }
                    if (a.startsWith("-")) {
                        String why = MemcachedOptions.unsupported(a);
                        throw new UsageException(why == null ? "unknown option " + a
                                : "memcached's " + a + " is not taken here: " + why);
                    }
                    if (profile != null) {
                        throw new UsageException("one profile per node: got '" + profile + "' and '" + a + "'");
                    }
                    profile = a;
                }
            }
        }
        if (frameworkOnly) {
            if (profile != null) {
                throw new UsageException("--framework-only runs no profile, but '" + profile + "' was given");
            }
            profile = FRAMEWORK_ONLY;
        }
        if (profile == null) {
            throw new UsageException("which profile? (mlos profiles lists them)");
        }
        MemcachedListen.listenPort(listen, overrides);
        StoreLimits.check(overrides, profile);
        DurabilityDefaults.check(overrides);
        MemcachedTlsOptions.check(overrides);
        if (overrides.containsKey(MemcachedOptions.SOCKET) && (profile.equals("cache") || profile.equals("cache-chronicle"))) {
            throw new UsageException("-s: a " + profile + " node is a cluster member, and the cluster's clients and nodes"
                    + " find its cache by host and port (the ketama ring), not on a unix socket of one machine;"
                    + " give -p and -l, or run cache-standalone with -s");
        }
        if (images == null && needImages) {
            throw new UsageException("--images <dir> is required (the mlos script sets it)");
        }
        return new NodeOptions(profile, images, state, shell, exit, timeout, overrides, frameworkOnly, metrics,
                List.copyOf(memcachedGiven), List.copyOf(setKeys));
    }

    /** What the operator should know before the node serves (a cache open beyond loopback). */
    List<String> warnings() {
        String exposed = MemcachedOptions.exposureWarning(overrides);
        return exposed == null ? List.of() : List.of(exposed);
    }

    /**
     * What to tell when memcached's options were given to a profile without a memcached server
     * (they set properties nothing there reads), or null. Told, not refused: {@code --port 0} is
     * what scripts give every node of a mixed set alike.
     */
    String unservedMemcachedOptions(Profile run) {
        if (memcached.isEmpty() || frameworkOnly || run.servesMemcached()) {
            return null;
        }
        return "memcached's " + String.join(" ", memcached) + " ignored: profile " + run.name() + " serves no memcached"
                + " (no bundle org.mlos.net.memcached: the cache profiles serve it)";
    }

    private static String value(String[] args, int i, String option) {
        // the mlos script puts --images after the user's words: an option last on the line has no value
        if (i >= args.length || args[i].equals("--images") && !option.equals("--images")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static String number(String s, String option) {
        try {
            if (Long.parseLong(s) < 0) {
                throw new NumberFormatException();
            }
            return s;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a non-negative number, got '" + s + "'");
        }
    }

    /**
     * A mistake in the command line; the message says what was wrong. An IllegalArgumentException,
     * so that the other commands that pass node arguments on ({@code mlos cluster up --set}) report
     * it as bad input (exit 2, no stack trace), as {@code mlos run} does.
     */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
