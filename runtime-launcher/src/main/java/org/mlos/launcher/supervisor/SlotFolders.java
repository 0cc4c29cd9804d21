package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the nodes of a local cluster keep their data folders ({@code <cluster>-<slot>.data}),
 * and what becomes of the ones an earlier {@code cluster up} left. A slot's folder holds the items
 * as they were when that node last ran: once the cluster has run without it (a smaller up), they
 * are older than the cluster's, and served again they bring back what was deleted or overwritten
 * since (an outsider's up of one node after two, then {@code mlos scale cache +1}: 553 of 1,000
 * acknowledged deletes undone). Such a folder is moved aside, never served, never deleted.
 */
public final class SlotFolders {

    private SlotFolders() {
    }

    /**
     * The folder the slots' data folders go in: the one the user gave ({@code --set
     * mlos.fault.dir=<folder>}, the last of {@code sets}), each node a folder of its own below it,
     * else {@code clusterDir}. A given one was overridden by the cluster's folder without a word.
     */
    public static Path base(List<String> sets, Path clusterDir) {
        String given = null;
        for (String s : sets) {
            if (s.startsWith(SupervisedNode.DATA_DIR)) {
                given = s.substring(SupervisedNode.DATA_DIR.length()).trim();
            }
        }
        return given == null || given.isEmpty() ? clusterDir : Path.of(given).toAbsolutePath();
    }

    public static Path of(Path base, String cluster, String slot) {
        return base.resolve(cluster + "-" + slot + ".data");
    }

    /**
     * Moves aside the data folders in {@code base} of the cluster's slots that are not among
     * {@code slots} (left by an earlier up with more nodes); returns a line for each.
     */
    public static List<String> moveAsideAllBut(Path base, String cluster, Set<String> slots) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return lines;
        }
        Pattern folder = Pattern.compile(Pattern.quote(cluster + "-") + "(.+-\\d+)\\.data");
        List<Path> left = new ArrayList<>();
        try (Stream<Path> all = Files.list(base)) {
            all.forEach(p -> {
                Matcher m = folder.matcher(p.getFileName().toString());
                if (m.matches() && !slots.contains(m.group(1)) && Files.isDirectory(p)) {
                    left.add(p);
                }
            });
        }
        for (Path p : left) {
            lines.add(moveAside(p, "no node of this cluster up runs in its slot"));
        }
        return lines;
    }

    /** Moves a slot's leftover folder aside if there is one; the line that says so, or null. */
    public static String moveAsideIfAny(Path folder, String why) throws IOException {
        return Files.isDirectory(folder) ? moveAside(folder, why) : null;
    }

    private static String moveAside(Path folder, String why) throws IOException {
        Path aside = folder.resolveSibling(folder.getFileName() + ".stale-" + System.currentTimeMillis());
        Files.move(folder, aside);
        return "data folder " + folder.getFileName() + " is from an earlier cluster up and " + why + ": its items are older"
                + " than the cluster's, and served again they would bring back what was deleted or overwritten since."
                + " Moved aside to " + aside + " (a node in that slot starts empty and takes its share from the others);"
                + " delete it once you no longer need it";
    }
}
