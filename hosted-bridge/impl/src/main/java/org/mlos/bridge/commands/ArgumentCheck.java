package org.mlos.bridge.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.HostCommandException;
import org.mlos.bridge.files.FolderLinks;

/**
 * What a caller's argument may be. No shell reads it, but the command does: an absolute path, a
 * {@code ~} or a {@code ..} part would have it read or write outside the files folder
 * ({@code convert text:/home/u/.ssh/id_rsa out.png}), and an option may have it run a program
 * ({@code tar --checkpoint-action=exec=…}). So every part of an argument (split at {@code = : , @},
 * where tools put paths inside one) names something from the folder down, not through a symbolic
 * link leading out of it (an outsider read a file outside through a link the files API refused),
 * nor a file with more than one name (a hard link in the folder may be a file outside it, which the
 * files API refuses too: {@link FolderLinks#otherNames}); and an option must be one the host lists
 * for the command ({@code convert[-resize|-quality]}), an argument starting with {@code +} too
 * ({@code vi +'!id'}, {@code date +%s}: allowed by {@code [+]}). A tool that reads options without
 * either mark ({@code tar cfI}) is allowed only with any option ({@link UnmarkedOptions}).
 * <p>
 * An argument starting with a single {@code -} may carry a value attached to a short option, after
 * any number of others ({@code -t/dir}, {@code -ut/dir}, {@code -rk1}): which of its letters take
 * one only the tool knows, so each of its suffixes after the first letter is held to the same
 * checks as a part (an outsider's audit wrote outside with {@code cp -t/tmp/x} and
 * {@code sort -o/tmp/x/f}). Such an argument is at most {@value #MOST_SHORT} characters, which
 * bounds those checks.
 * <p>
 * A link a running command makes after this check is not seen: the command opens the path itself.
 */
final class ArgumentCheck {

    private static final Pattern PARTS = Pattern.compile("[=:,@]");
    /** The longest argument starting with a single {@code -}: each of its suffixes is checked. */
    static final int MOST_SHORT = 1024;

    private ArgumentCheck() {
    }

    /** Refuses {@code arg} unless it may be given to {@code command} run in {@code folder} (a real path). */
    static void check(String command, CommandList.Allowed allowed, String arg, Path folder) {
        if (arg == null || arg.indexOf('\0') >= 0) {
            throw new HostCommandException(command + ": an argument is null or holds a NUL character");
        }
        if (arg.startsWith("+") && !arg.equals("+") && !allowed.allows(arg)) {
            throw new HostCommandException(command + ": argument '" + arg + "' is an option (a + starts one for date, vi, "
                    + "less, tail…: vi +'!id' runs a program) and is not allowed on this host; it takes "
                    + (allowed.options().isEmpty() ? "none" : String.join(" ", allowed.options())) + " (the host lists them in "
                    + BridgeProperties.COMMANDS + ", + for any starting with +, e.g. " + command + "[+])");
        }
        if (arg.startsWith("-") && !arg.equals("-") && !arg.equals("--") && !allowed.allows(arg)) {
            String option = arg.indexOf('=') < 0 ? arg : arg.substring(0, arg.indexOf('='));
            throw new HostCommandException(command + ": option '" + option + "' is not allowed on this host; it takes "
                    + (allowed.options().isEmpty() ? "none" : String.join(" ", allowed.options())) + " (the host lists them in "
                    + BridgeProperties.COMMANDS + ", e.g. " + command + "[" + option + "])");
        }
        for (String part : PARTS.split(arg, -1)) {
            checkPart(command, arg, part, null, folder);
        }
        if (arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
            if (arg.length() > MOST_SHORT) {
                throw new HostCommandException(command + ": argument '" + arg.substring(0, 40) + "…' is refused: it starts "
                        + "with a single - and is " + arg.length() + " characters long, over " + MOST_SHORT + "; give an "
                        + "option's value as an argument of its own (-o, then out/x.txt)");
            }
            // each place a value may start, after the option letters before it; its first part
            // (up to = : , @): the parts after it are the argument's own, checked above
            Matcher separator = PARTS.matcher(arg);
            for (int i = 2; i < arg.length(); i++) {
                int end = separator.find(i) ? separator.start() : arg.length();
                checkPart(command, arg, arg.substring(i, end), arg.substring(0, i), folder);
            }
        }
    }

    /**
     * Refuses {@code part} of {@code arg} if it leads out of {@code folder} or names a file with
     * several names; {@code options} the short options it is the value of, or null for a part of
     * the argument as it stands.
     */
    private static void checkPart(String command, String arg, String part, String options, Path folder) {
        if (part.isEmpty()) {
            return;
        }
        String named = "'" + part + "'" + (options == null ? "" : " (a value it may give the short option(s) '" + options + "')");
        String advice = options == null ? "" : "; as any letter of a short option may take the rest of the argument, give "
                + "an option's value as an argument of its own (-o, then out/x.txt)";
        if (part.startsWith("/") || part.startsWith("~") || dotDot(part)) {
            throw new HostCommandException(command + ": argument '" + arg + "' is refused: " + named + " leads out of "
                    + "the host's files folder (an absolute path, ~ or a .. part); name files from the folder down, e.g. "
                    + "in/photo.png" + advice);
        }
        Path p = folder.resolve(part);
        String out = FolderLinks.leadingOut(folder, p);
        if (out != null) {
            throw new HostCommandException(command + ": argument '" + arg + "' is refused: in " + named + ", " + out
                    + "; name files that are in the folder" + advice);
        }
        String names = otherNames(p, folder);
        if (names != null) {
            throw new HostCommandException(command + ": argument '" + arg + "' is refused: " + named + " names a file the "
                    + "bridge does not serve: " + names + advice);
        }
    }

    /** The most entries of a folder argument's tree that are looked at ({@link #inTree}). */
    static final int MOST_IN_TREE = 100_000;

    /** Why the file {@code p} (inside the folder: no link leads it out) may not be named, or null. */
    private static String otherNames(Path p, Path folder) {
        if (!Files.exists(p)) {
            return null;
        }
        try {
            Path real = p.toRealPath();
            return Files.isDirectory(real) ? inTree(real, folder) : FolderLinks.otherNames(real);
        } catch (NoSuchFileException e) {
            return null; // gone since: nothing there to read
        } catch (IOException e) {
            return "its names (hard links) cannot be counted (" + e.getClass().getSimpleName() + "), and one may be "
                    + "outside the host's files folder";
        }
    }

    /**
     * Why a folder may not be named, or null: a command may walk it (cp -r, cp -rL, tar, sort
     * --files0-from…), and an outsider's {@code cp -r d e} copied a hard link in {@code d} into a
     * file of one name the files API then served, {@code cp -rL} a symbolic link leading out. So
     * nothing in its tree may have several names or lead out; past {@value #MOST_IN_TREE} entries
     * it is refused, unchecked.
     */
    private static String inTree(Path dir, Path folder) throws IOException {
        Path root = dir;
        int[] seen = {0};
        String[] why = {null};
        try (java.util.stream.Stream<Path> tree = Files.walk(dir)) {
            tree.skip(1).takeWhile(q -> why[0] == null).forEach(q -> {
                if (++seen[0] > MOST_IN_TREE) {
                    why[0] = "its tree has more than " + MOST_IN_TREE + " entries, too many to check for links leading out";
                    return;
                }
                String inner = root.relativize(q).toString();
                try {
                    if (Files.isSymbolicLink(q)) {
                        if (!q.toRealPath().startsWith(folder)) {
                            why[0] = inner + " in it is a symbolic link leading out of the host's files folder";
                        }
                    } else if (Files.isRegularFile(q, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        String names = FolderLinks.otherNames(q);
                        if (names != null) {
                            why[0] = inner + " in it: " + names;
                        }
                    }
                } catch (IOException e) {
                    why[0] = inner + " in it is a symbolic link to nothing, or cannot be read (" + e.getClass().getSimpleName()
                            + ")";
                }
            });
        }
        return why[0] == null ? null : "a command may walk the folder, and " + why[0];
    }

    private static boolean dotDot(String part) {
        for (String p : part.split("/", -1)) {
            if (p.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
