package org.mlos.bridge.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tools whose arguments do not say by a leading {@code -} which of them are options, or which
 * name a program they run: for these a list of allowed options cannot hold, so the host allows them
 * only with any option ({@code tar[*]}), saying so. An outsider's audit ran a program through a
 * bare {@code tar}: GNU tar reads a first argument without a {@code -} as option letters, and
 * {@code tar cfI x.tar 'id > pwned.txt' in.txt} is {@code tar -c -f x.tar -I <program>}, run
 * through {@code /bin/sh -c}.
 * <p>
 * A tool is known by its entry's name, the executable's file name and the file it is a link to
 * (a multi-call program such as busybox runs the tool its link is named after, so for it the link's
 * name counts).
 */
final class UnmarkedOptions {

    private static final String LETTERS = "reads its first argument's letters as options without a - (";
    private static final String RUNS = "runs the program its arguments name (";
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("tar", LETTERS + "tar cfI x.tar prog in.txt runs prog through the shell)"),
            Map.entry("gtar", LETTERS + "gtar cfI x.tar prog in.txt runs prog through the shell)"),
            Map.entry("bsdtar", LETTERS + "bsdtar cf x.tar in.txt)"),
            Map.entry("star", LETTERS + "star cf x.tar in.txt)"),
            Map.entry("ar", LETTERS + "ar rc lib.a x.o)"),
            Map.entry("jar", LETTERS + "jar cf x.jar in.txt)"),
            Map.entry("ps", "reads options without a - (ps eww shows the node's environment, its cluster secret with it)"),
            Map.entry("dd", "takes all its options as operands without a - (if=, of=, conv=, iflag=)"),
            Map.entry("7z", "takes a command without a - as its first argument (7z a, 7z x)"),
            Map.entry("7za", "takes a command without a - as its first argument (7za a, 7za x)"),
            Map.entry("7zr", "takes a command without a - as its first argument (7zr a, 7zr x)"),
            Map.entry("rar", "takes a command without a - as its first argument (rar a, rar x)"),
            Map.entry("unrar", "takes a command without a - as its first argument (unrar x)"),
            Map.entry("busybox", RUNS + "busybox sh x.sh: it is a multi-call program)"),
            Map.entry("toybox", RUNS + "toybox sh x.sh: it is a multi-call program)"),
            Map.entry("env", RUNS + "env id)"),
            Map.entry("xargs", RUNS + "xargs id < list)"),
            Map.entry("nice", RUNS + "nice id)"),
            Map.entry("nohup", RUNS + "nohup id)"),
            Map.entry("timeout", RUNS + "timeout 5 id)"),
            Map.entry("stdbuf", RUNS + "stdbuf id)"),
            Map.entry("setsid", RUNS + "setsid id)"),
            Map.entry("time", RUNS + "time id)"),
            Map.entry("chroot", RUNS + "chroot . id)"),
            Map.entry("sudo", RUNS + "sudo id)"),
            Map.entry("doas", RUNS + "doas id)"),
            Map.entry("runuser", RUNS + "runuser)"),
            Map.entry("ionice", RUNS + "ionice id)"),
            Map.entry("taskset", RUNS + "taskset 1 id)"),
            Map.entry("chrt", RUNS + "chrt 0 id)"),
            Map.entry("flock", RUNS + "flock x id)"),
            Map.entry("watch", RUNS + "watch id)"),
            Map.entry("strace", RUNS + "strace id)"),
            Map.entry("ltrace", RUNS + "ltrace id)"),
            Map.entry("unshare", RUNS + "unshare id)"),
            Map.entry("nsenter", RUNS + "nsenter id)"));
    private static final Set<String> MULTI_CALL = Set.of("busybox", "toybox");

    private UnmarkedOptions() {
    }

    /** Why {@code name}, run as {@code exe}, may not be allowed with a list of options, or null. */
    static String why(String name, Path exe) {
        Set<String> names = new LinkedHashSet<>();
        names.add(name);
        names.add(String.valueOf(exe.getFileName()));
        try {
            String real = String.valueOf(exe.toRealPath().getFileName());
            if (!MULTI_CALL.contains(real)) {
                names.add(real);
            }
        } catch (IOException e) {
            // the file was there a moment ago; its other names count
        }
        for (String n : names) {
            String why = WHY.get(n);
            if (why != null) {
                return (n.equals(name) ? name : name + " (" + exe + ", " + n + ")") + " " + why;
            }
        }
        return null;
    }
}
