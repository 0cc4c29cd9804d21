package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the nodes of a local cluster keep their data folders ({@code <cluster>-<slot>.data}),
 * and the ones an earlier {@code cluster up} left. A slot's folder holds the items as they were
 * when that node last ran: once the cluster has run without it (a smaller up), they are older than
 * the cluster's, and served again they bring back what was deleted or overwritten since (an
 * outsider's up of one node after two, then {@code mlos scale cache +1}: 553 of 1,000 acknowledged
 * deletes undone). So an up that would leave such folders behind is refused, saying which (the
 * operator moves them away, or starts as many nodes), and a scale that finds one in its new slot
 * moves it aside; none is deleted.
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
        return given(sets).orElse(clusterDir);
    }

    /** The folder the user gave ({@code --set mlos.fault.dir=<folder>}, the last of {@code sets}), if any. */
    public static java.util.Optional<Path> given(List<String> sets) {
        String given = null;
        for (String s : sets) {
            if (s.startsWith(SupervisedNode.DATA_DIR)) {
                given = s.substring(SupervisedNode.DATA_DIR.length()).trim();
            }
        }
        return given == null || given.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(given).toAbsolutePath());
    }

    public static Path of(Path base, String cluster, String slot) {
        return base.resolve(cluster + "-" + slot + ".data");
    }

    /**
     * The data folders of the cluster's slots in {@code folders} that are not among {@code slots}
     * (left by an earlier up with more nodes), and, when {@code folders} holds more than one place,
     * those of {@code slots} in a place other than the first (an up that put them elsewhere).
     * Matched by {@code profiles}' names: a cluster named {@code mlos-b} keeps its folders beside
     * {@code mlos}'s, and {@code mlos-b-cache-1.data} is not {@code mlos}'s.
     */
    public static List<Path> leftBehind(List<Path> folders, String cluster, Collection<String> profiles, Set<String> slots)
            throws IOException {
        Pattern folder = Pattern.compile(Pattern.quote(cluster + "-") + "((?:"
                + profiles.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")-\\d+)\\.data");
        List<Path> left = new ArrayList<>();
        for (int i = 0; i < folders.size(); i++) {
            Path base = folders.get(i);
            if (!Files.isDirectory(base) || (i > 0 && base.equals(folders.get(0)))) {
                continue;
            }
            boolean elsewhere = i > 0;
            try (Stream<Path> all = Files.list(base)) {
                all.sorted().forEach(p -> {
                    var m = folder.matcher(p.getFileName().toString());
                    if (m.matches() && Files.isDirectory(p) && (elsewhere || !slots.contains(m.group(1)))) {
                        left.add(p);
                    }
                });
            }
        }
        return left;
    }

    /**
     * Moves aside the folder of a slot a new node takes, with its kept port, if there is one
     * (an up refuses to leave one, but a folder can still be there); the line that says so, or null.
     */
    public static String moveAsideIfAny(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        Path aside = folder.resolveSibling(folder.getFileName() + ".stale-" + System.currentTimeMillis());
        Files.move(folder, aside);
        Path port = folder.resolveSibling(folder.getFileName() + ".port");
        if (Files.exists(port)) {
            Files.move(port, aside.resolveSibling(aside.getFileName() + ".port"));
        }
        return "data folder " + folder.getFileName() + " was there from an earlier cluster up: its items are older than the"
                + " cluster's, and served again they would bring back what was deleted or overwritten since. Moved aside to "
                + aside + "; the new node starts empty and takes its share from the others. Delete it once you no longer"
                + " need it";
    }
}
