package org.mlos.net.memcached.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * memcached's authentication file ({@code -Y}): one {@code user:password} a line. Passwords are
 * compared in constant time, so a wrong guess takes as long as a near one.
 */
public final class AuthFile {

    private final Map<String, byte[]> passwords;

    private AuthFile(Map<String, byte[]> passwords) {
        this.passwords = passwords;
    }

    /** Reads the file; a line without {@code :} or an empty file is an error naming the file. */
    public static AuthFile read(Path file) throws IOException {
        if (org.mlos.core.settings.OwnerOnlyFile.readableByOthers(file)) {
            // memcached reads it whatever its mode; an operator's file may be its group's on purpose
            System.getLogger(AuthFile.class.getName()).log(System.Logger.Level.WARNING, "the users file " + file
                    + " (-Y, mlos.memcached.auth.file) is readable by other users, who can read its passwords; chmod 600 it");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, byte[]> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException(file + " line " + (i + 1) + ": expected user:password");
            }
            users.put(line.substring(0, colon), line.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        if (users.isEmpty()) {
            throw new IOException(file + " names no user: expected lines user:password");
        }
        return new AuthFile(users);
    }

    boolean accepts(String user, String password) {
        byte[] expected = passwords.get(user);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        boolean match = MessageDigest.isEqual(expected == null ? given : expected, given);
        return expected != null && match;
    }
}
