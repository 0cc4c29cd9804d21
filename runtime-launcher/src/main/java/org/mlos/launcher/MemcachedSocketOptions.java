package org.mlos.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * memcached's unix socket words, {@code -s} and {@code -a}, checked as the launch is read: what is
 * wrong with the path or the mask ends the launch saying what to do, before the node boots.
 */
final class MemcachedSocketOptions {

    private MemcachedSocketOptions() {
    }

    /**
     * memcached's -s: the unix socket's path, absolute (the node may change folder), in a folder
     * that is there, short enough for a socket address, and with no regular file, folder or link
     * at it; a socket there is the network server's to judge when it binds (one left by a stopped
     * server is replaced, a live one refused).
     */
    static String path(String value) {
        String v = value.trim();
        Path file = Path.of(v).toAbsolutePath().normalize();
        Path folder = file.getParent();
        if (v.isEmpty() || folder == null) {
            throw new NodeOptions.UsageException("-s takes the unix socket's path, e.g. /run/memcached/memcached.sock, got '"
                    + value + "'");
        }
        if (v.matches(".*[\\s,].*")) { // the ready line lists endpoints separated so
            throw new NodeOptions.UsageException("-s " + value + ": a socket path here has no spaces or commas; choose"
                    + " another");
        }
        if (!Files.isDirectory(folder)) {
            throw new NodeOptions.UsageException("-s " + value + ": there is no folder " + folder + "; create it for the"
                    + " user that starts the node (systemd: RuntimeDirectory=)");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(file, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (java.io.IOException e) {
                throw new NodeOptions.UsageException("-s " + value + ": cannot read what is there (" + e.getMessage() + ")");
            }
            if (!a.isOther()) { // a socket (left by a stopped server, or another's) is the node's to judge as it binds
                String what = a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a folder" : "a file that is not a socket";
                throw new NodeOptions.UsageException("-s " + value + ": " + what + " is there; choose another path, or remove"
                        + " it (only a socket left by a stopped server is replaced)");
            }
        }
        int bytes = file.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new NodeOptions.UsageException("-s " + value + ": the path is " + bytes + " bytes, and a unix socket's is"
                    + " at most " + MAX_PATH_BYTES + "; choose a shorter one");
        }
        return file.toString();
    }

    /** What a unix socket's path holds at most (sun_path's 108 bytes, with the terminating NUL). */
    static final int MAX_PATH_BYTES = 107;

    /** memcached's -a: permission bits in octal (its strtol base 8), 0 to 777. */
    static String mask(String value) {
        String v = value.trim();
        try {
            int mask = Integer.parseInt(v, 8);
            if (mask >= 0 && mask <= 0777) {
                return Integer.toOctalString(mask);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new NodeOptions.UsageException("-a takes the unix socket's permission bits in octal, 0 to 777"
                + " (700, the default: only the node's user may connect; 770: its group too), got '" + value + "'");
    }
}
