package org.mlos.bridge.commands;

import java.nio.file.Path;
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
 * and an option must be one the host lists for the command ({@code convert[-resize|-quality]}).
 * A link a running command makes after this check is not seen: the command opens the path itself.
 */
final class ArgumentCheck {

    private static final Pattern PARTS = Pattern.compile("[=:,@]");

    private ArgumentCheck() {
    }

    /** Refuses {@code arg} unless it may be given to {@code command} run in {@code folder} (a real path). */
    static void check(String command, CommandList.Allowed allowed, String arg, Path folder) {
        if (arg == null || arg.indexOf('\0') >= 0) {
            throw new HostCommandException(command + ": an argument is null or holds a NUL character");
        }
        if (arg.startsWith("-") && !arg.equals("-") && !arg.equals("--") && !allowed.allows(arg)) {
            String option = arg.indexOf('=') < 0 ? arg : arg.substring(0, arg.indexOf('='));
            throw new HostCommandException(command + ": option '" + option + "' is not allowed on this host; it takes "
                    + (allowed.options().isEmpty() ? "none" : String.join(" ", allowed.options())) + " (the host lists them in "
                    + BridgeProperties.COMMANDS + ", e.g. " + command + "[" + option + "])");
        }
        for (String part : PARTS.split(arg, -1)) {
            if (part.startsWith("/") || part.startsWith("~") || dotDot(part)) {
                throw new HostCommandException(command + ": argument '" + arg + "' is refused: '" + part + "' leads out of "
                        + "the host's files folder (an absolute path, ~ or a .. part); name files from the folder down, e.g. in/photo.png");
            }
            String out = part.isEmpty() ? null : FolderLinks.leadingOut(folder, folder.resolve(part));
            if (out != null) {
                throw new HostCommandException(command + ": argument '" + arg + "' is refused: in '" + part + "', " + out
                        + "; name files that are in the folder");
            }
        }
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
