package org.mlos.bridge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Whether a path under the files folder is led out of it by a link. A symbolic link: its deepest
 * part that exists, links followed, must still be under the folder. A hard link: a file with more
 * than one name may be a file outside the folder under another name (an operator's
 * {@code /etc/passwd}), which nothing in the folder tells from one of its own. A link the host's
 * operator, an allowed {@code ln} or an unpacked archive left in the folder would otherwise take a
 * caller (a file read, or a command's argument) wherever it points. The files API and the
 * commands' argument check both ask here.
 */
public final class FolderLinks {

    private FolderLinks() {
    }

    /**
     * Why {@code p}, a path under {@code root} (a real path), leads out of it, naming the first of
     * its parts from the root down that does, or null if none does.
     */
    public static String leadingOut(Path root, Path p) {
        Path rel = root.relativize(p);
        for (int i = 1; i <= rel.getNameCount() && !rel.toString().isEmpty(); i++) {
            Path part = root.resolve(rel.subpath(0, i));
            if (!Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
                return null; // what is not there leads nowhere; what is above it led nowhere out
            }
            String named = i == rel.getNameCount() ? "it" : rel.subpath(0, i).toString();
            try {
                if (!part.toRealPath().startsWith(root)) {
                    return named + " is a symbolic link leading out of the host's files folder";
                }
            } catch (IOException e) {
                return named + " is a symbolic link to nothing";
            }
        }
        return null;
    }

    /**
     * Why the file at {@code real} (a real path: no symbolic link in it) may not be served: it has
     * more than one name (hard links), so it may be a file outside the folder; or null if it has
     * one, or is a folder (whose {@code ..} and subfolders count as names).
     */
    public static String otherNames(Path real) throws IOException {
        Object links = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        if (links instanceof Integer n && n > 1 && !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return "the file has " + n + " names (hard links); one may be outside the host's files folder, "
                    + "so the bridge serves only files with one name (copy it instead of linking it)";
        }
        return null;
    }
}
