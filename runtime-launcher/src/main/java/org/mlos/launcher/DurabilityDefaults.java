package org.mlos.launcher;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --set mlos.fault.durability=...} makes a node's key-value store durable: the durable
 * store (bundle {@code org.mlos.fault}) becomes the preferred implementation, in front of the
 * store the node would otherwise have used ({@code mlos.fault.store}, unless given).
 */
final class DurabilityDefaults {

    static final String DURABILITY = "mlos.fault.durability";
    static final String STORE = "mlos.fault.store";
    static final String KIND = "mlos.kind.KeyValueStore";
    static final String DURABLE = "durable";

    private DurabilityDefaults() {
    }

    /**
     * Refuses a mode the durable store would refuse, before the boot: there its refusal came out as
     * "Service factory returned null" of another bundle, the journal's component failing first.
     * The durable store's own rule ({@code Durability.parse}, which the launcher cannot load;
     * {@code DurabilityDefaultsTest} holds the two to the same modes).
     */
    static void check(Map<String, String> props) {
        String mode = props.get(DURABILITY);
        if (mode != null && !mode.isBlank() && !MODES.contains(mode.trim().toLowerCase(Locale.ROOT))) {
            throw new NodeOptions.UsageException(DURABILITY + " must be none, batch or sync, got '" + mode + "'");
        }
        String dir = props.get(DIR);
        if (dir != null && !dir.isBlank()) {
            // without durability the node's journal of swaps and events still lives there: a node
            // given /dev/null served, warning "cannot journal" at every swap and probation
            String who = (mode != null && !mode.isBlank()) || DURABLE.equals(props.get(KIND))
                    ? "the durable store cannot keep its items there" : "the node cannot keep its journal there";
            String why = unwritable(java.nio.file.Path.of(dir.trim()).toAbsolutePath());
            if (why != null) {
                throw new NodeOptions.UsageException(DIR + "=" + dir + ": " + who + ": " + why
                        + "; give a folder this user can write, kept across restarts");
            }
        }
    }

    static final String DIR = "mlos.fault.dir";

    /**
     * Why the durable store could not make its folder in {@code dir}, or null: tried by making (and
     * removing) a folder in the deepest part of it that exists, since a check of permission bits
     * says yes to root on {@code /proc}. A folder the store could not make failed its bundle's
     * component, and the node waited 30 s for a {@code durable} store, asking whether it was a typo.
     */
    static String unwritable(java.nio.file.Path dir) {
        java.nio.file.Path existing = dir;
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return "no part of it exists";
        }
        if (!java.nio.file.Files.isDirectory(existing)) {
            return existing + " is not a folder";
        }
        try {
            java.nio.file.Files.delete(java.nio.file.Files.createTempDirectory(existing, ".mlos-check-"));
            return null;
        } catch (java.io.IOException | RuntimeException e) {
            // mkdir in /proc fails "no such file": the words a user can act on, not the exception's
            String reason = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "this file system takes no new folders there"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            return "a folder cannot be made in " + existing + " (" + reason + ")";
        }
    }

    static final List<String> MODES = List.of("none", "batch", "sync");

    /** The durable store's bundle, as its jar is named in a profile's image (not {@code mlos-fault-api-…}). */
    private static final java.util.regex.Pattern DURABLE_STORE_JAR = java.util.regex.Pattern.compile("mlos-fault-\\d.*\\.jar");

    /** Whether a profile of these bundles has the durable store (the cache profiles do). */
    static boolean hasDurableStore(List<java.nio.file.Path> bundles) {
        return bundles.stream().anyMatch(b -> DURABLE_STORE_JAR.matcher(b.getFileName().toString()).matches());
    }

    /**
     * Prefers the durable store if durability is asked for and the profile has it; else what the
     * node should say, or null. {@code mlos cluster up --supervise} asks it of every node: a worker
     * (no store) then waited 30 s for a {@code durable} store that never came, and the whole
     * cluster was stopped.
     */
    static String apply(Map<String, String> props, boolean durableStore) {
        String mode = props.get(DURABILITY);
        if (mode == null || mode.isBlank()) {
            return null;
        }
        if (!durableStore) {
            return DURABILITY + "=" + mode.trim() + " has no effect on this profile: it has no durable store (the bundle"
                    + " org.mlos.fault, which the cache profiles carry)";
        }
        apply(props);
        return null;
    }

    static void apply(Map<String, String> props) {
        String mode = props.get(DURABILITY);
        if (mode == null || mode.isBlank()) {
            return;
        }
        if (!DURABLE.equals(blankAsNull(props.get(KIND)))) {
            props.put(STORE, storeBehind(props));
            props.put(KIND, DURABLE);
        }
        // no memory store stands in while the durable one starts: the node answered from one, and
        // acknowledged writes it then lost, for the 30 s it waited for a durable store that never came
        props.putIfAbsent(NO_STANDIN, "false");
    }

    /** Whether the node's items are kept by the durable store: durability asked for, or {@code durable} chosen as the store. */
    static boolean durable(Map<String, String> props) {
        return DURABLE.equals(blankAsNull(props.get(KIND))) || blankAsNull(props.get(DURABILITY)) != null;
    }

    /**
     * The memory store behind the durable one: {@value #STORE} if given, else the store the node
     * would have used, else the durable store's own default, the slab store. One rule for {@link
     * #apply}, which sets it, and the launcher's check of -m and -I, which runs before: worked out
     * twice, the two could name different stores.
     */
    static String storeBehind(Map<String, String> props) {
        String given = blankAsNull(props.get(STORE));
        if (given != null) {
            return given;
        }
        String chosen = blankAsNull(props.get(KIND));
        return chosen == null || DURABLE.equals(chosen) ? DEFAULT_STORE : chosen;
    }

    /** What the durable store keeps its items in when {@value #STORE} is not given ({@code DurableStoreRegistrar}). */
    static final String DEFAULT_STORE = "slab";

    static String blankAsNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** The kernel's {@code mlos.kind.<kind>.standin}: false, no other implementation serves before the preferred one. */
    static final String NO_STANDIN = KIND + ".standin";
}
