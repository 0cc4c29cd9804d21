package org.mlos.bridge.commands;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.mlos.bridge.api.BridgeProperties;

/**
 * The commands a host allows ({@value BridgeProperties#COMMANDS}), each name resolved once, at
 * start, to an executable: a later change of the node's {@code PATH} or working folder cannot
 * change what a name runs.
 */
final class CommandList {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private CommandList() {
    }

    /**
     * @param spec {@code name} or {@code name=/absolute/path}, comma-separated; null or blank: none
     * @param path the search path for bare names ({@code PATH})
     * @throws IllegalArgumentException naming the entry and what to write instead
     */
    static Map<String, Path> parse(String spec, String path) {
        Map<String, Path> out = new TreeMap<>();
        if (spec == null || spec.isBlank()) {
            return Collections.unmodifiableMap(out);
        }
        for (String raw : spec.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = (eq < 0 ? entry : entry.substring(0, eq)).trim();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": '" + name + "' is no command name (letters, "
                        + "digits, . _ + -; e.g. convert or convert=/usr/bin/convert)");
            }
            Path exe = eq < 0 ? onPath(name, path) : explicit(name, entry.substring(eq + 1).trim());
            if (out.put(name, exe) != null) {
                throw new IllegalArgumentException(BridgeProperties.COMMANDS + ": '" + name + "' is listed twice");
            }
        }
        return Collections.unmodifiableMap(out);
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
