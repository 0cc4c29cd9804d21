package org.mlos.launcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The known names nearest a misspelt one, for a "did you mean": by edit distance counting a swap
 * of two neighbouring letters as one edit ({@code hots} for {@code host} is the typo people make).
 */
final class ClosestNames {

    /** How many suggestions at most: more is a list to read, not a hint. */
    private static final int MOST = 3;

    private ClosestNames() {
    }

    /**
     * The names nearest {@code typed}, nearest first (ties by name), close enough to be a slip:
     * at most 2 edits, or one in 6 characters of a long name; none if nothing is that close.
     * A prefix ({@code mlos.kind.}) is compared with the typed key's same number of words, and
     * suggested with the rest as typed ({@code mlos.knid.KeyValueStore}: {@code mlos.kind.KeyValueStore}).
     */
    static List<String> to(String typed, Collection<String> names, Collection<String> prefixes) {
        int limit = Math.max(2, typed.length() / 6);
        int best = limit + 1;
        TreeSet<String> nearest = new TreeSet<>();
        List<String> candidates = new ArrayList<>(names);
        for (String prefix : prefixes) {
            int words = prefix.split("\\.").length;
            String[] parts = typed.split("\\.", words + 1);
            if (parts.length > words) {
                candidates.add(prefix + parts[words]);
            }
        }
        for (String name : candidates) {
            int d = distance(typed, name);
            if (d == 0 || d > limit) {
                continue;
            }
            if (d < best) {
                best = d;
                nearest.clear();
            }
            if (d == best) {
                nearest.add(name);
            }
        }
        return nearest.stream().limit(MOST).toList();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
