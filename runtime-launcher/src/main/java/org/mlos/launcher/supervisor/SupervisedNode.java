package org.mlos.launcher.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a supervised local cluster: its slot name ({@code cache-1}), profile, and the
 * arguments it was started with, which a restart reuses (its data folder among them). A cluster's
 * nodes are listed in {@code <name>.spec}, one a line, fields separated by tabs.
 */
public record SupervisedNode(String slot, String profile, List<String> args) {

    public SupervisedNode {
        for (String a : args) {
            if (a.indexOf('\t') >= 0 || a.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a supervised node's argument cannot hold a tab or a line break: '" + a + "'");
            }
        }
        args = List.copyOf(args);
    }

    /** The argument after {@code --set} that gives a node its data folder: {@code mlos.fault.dir=<folder>}. */
    public static final String DATA_DIR = "mlos.fault.dir=";

    /** The data folder {@code args} give a node (the last {@value #DATA_DIR}), if any. */
    public static java.util.Optional<Path> dataDir(List<String> args) {
        String found = null;
        for (String a : args) {
            if (a.startsWith(DATA_DIR)) {
                found = a.substring(DATA_DIR.length());
            }
        }
        return java.util.Optional.ofNullable(found).filter(s -> !s.isBlank()).map(Path::of);
    }

    String line() {
        return slot + "\t" + profile + "\t" + String.join("\t", args);
    }

    static SupervisedNode parse(String line) {
        String[] f = line.split("\t");
        return new SupervisedNode(f[0], f[1], new ArrayList<>(Arrays.asList(f).subList(2, f.length)));
    }

    public static Path specFile(Path stateDir, String cluster) {
        return stateDir.resolve(cluster + ".spec");
    }

    public static Path pidFile(Path stateDir, String cluster) {
        return stateDir.resolve(cluster + ".supervisor");
    }

    public static void write(Path spec, List<SupervisedNode> nodes) throws IOException {
        List<String> lines = new ArrayList<>();
        for (SupervisedNode n : nodes) {
            lines.add(n.line());
        }
        writeAtomically(spec, lines);
    }

    public static List<SupervisedNode> read(Path spec) throws IOException {
        List<SupervisedNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(spec, StandardCharsets.UTF_8)) {
            if (!l.isBlank()) {
                out.add(parse(l));
            }
        }
        return out;
    }

    /** Readers (mlos cluster down, mlos nodes) never see half a file. */
    static void writeAtomically(Path file, List<String> lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
