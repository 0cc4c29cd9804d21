package org.mlos.bridge.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.mlos.bridge.api.BridgeProperties;

/**
 * The commands a host allows ({@value BridgeProperties#COMMANDS}), each name resolved once, at
 * start, to an executable: a later change of the node's {@code PATH} or working folder cannot
 * change what a name runs. Each with the options (arguments starting with {@code -} or {@code +}) it
 * may be given: none unless listed, since an option is where a tool reads a script, runs a program or
 * writes where it is told ({@code tar --to-command}, {@code find -exec}, {@code sh -c}, {@code vi +'!id'}).
 * A tool that reads options without a {@code -} or runs the program its arguments name
 * ({@code tar cfI}, {@code ps e}, {@code env id}: {@link UnmarkedOptions}) is refused unless
 * allowed any option ({@code tar[*]}).
 */
final class CommandList {

    /**
     * One allowed command.
     *
     * @param options the options it may take (matched on the part before any {@code =}); ignored when {@code anyOption}
     */
    record Allowed(Path executable, Set<String> options, boolean anyOption) {

        boolean allows(String option) {
            if (option.startsWith("+")) {
                return anyOption || options.contains("+");
            }
            int eq = option.indexOf('=');
            return anyOption || options.contains(eq < 0 ? option : option.substring(0, eq));
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");
    private static final Pattern OPTION = Pattern.compile("--?[A-Za-z0-9][A-Za-z0-9_-]*");

    private CommandList() {
    }

    /**
     * @param spec {@code name}, {@code name[-a|--bee]} (the options it may take; {@code [*]} any)
     *             and either with {@code =/absolute/path}, comma-separated; null or blank: none
     * @param path the search path for bare names ({@code PATH})
     * @throws IllegalArgumentException naming the entry and what to write instead
     */
    static Map<String, Allowed> parse(String spec, String path) {
        Map<String, Allowed> out = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return Collections.unmodifiableMap(out);
        }
        for (String raw : spec.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int close = entry.indexOf(']');
            int eq = entry.indexOf('=', Math.max(close, 0));
            String head = (eq < 0 ? entry : entry.substring(0, eq)).trim();
            int open = head.indexOf('[');
            String name = open < 0 ? head : head.substring(0, open).trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": '" + name + "' is no command name (letters, "
                        + "digits, . _ + -; e.g. convert, convert[-resize|-quality] or convert=/usr/bin/convert)");
            }
            Set<String> options = open < 0 ? Set.of() : options(name, head.substring(open));
            Path exe = eq < 0 ? onPath(name, path) : explicit(name, entry.substring(eq + 1).trim());
            String unmarked = options.contains("*") ? null : UnmarkedOptions.why(name, exe);
            if (unmarked != null) {
                throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": " + head + " is refused: " + unmarked
                        + ", so a list of its options cannot hold; allow it as " + name + "[*] only if callers may run "
                        + "any program as the node's user, or leave it out");
            }
            if (out.put(name, new Allowed(exe, options, options.contains("*"))) != null) {
                throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": '" + name + "' is listed twice");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Set<String> options(String name, String bracketed) {
        if (!bracketed.endsWith("]")) {
            throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": " + name + bracketed
                    + " does not end its options with ]; write e.g. " + name + "[-resize|-quality]");
        }
        Set<String> out = new java.util.TreeSet<>();
        for (String o : bracketed.substring(1, bracketed.length() - 1).split("\\|")) {
            String option = o.trim();
            if (!option.equals("*") && !option.equals("+") && !OPTION.matcher(option).matches()) {
                throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": " + name + bracketed + ": '" + option
                        + "' is no option (a - or -- then letters, digits, - or _; + for any starting with +; or * for any); write e.g. "
                        + name + "[-resize|--quality]");
            }
            out.add(option);
        }
        return Set.copyOf(out);
    }

    private static Path explicit(String name, String file) {
        Path exe = Path.of(file);
        if (!exe.isAbsolute()) {
            throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": " + name + "=" + file
                    + " is not an absolute path; give the executable's whole path, e.g. " + name + "=/usr/bin/" + name);
        }
        if (!Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
            throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": " + name + "=" + file
                    + " is no executable file on this host");
        }
        return exe;
    }

    private static Path onPath(String name, String path) {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Path.of(dir).isAbsolute()) {
                    Path exe = Path.of(dir, name);
                    if (Files.isRegularFile(exe) && Files.isExecutable(exe)) {
                        return exe;
                    }
                }
            }
        }
        throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": '" + name + "' is not on this host's PATH (" + path
                + "); install it, or give its path: " + name + "=/path/to/" + name);
    }
}
