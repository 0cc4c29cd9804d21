package org.mlos.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mlos.*} names that compiled code holds as string constants: what its bundles can read.
 * Taken from the class files themselves, not from a list kept by hand: a property is read by a
 * name that is a constant somewhere ({@code Settings.text(MemcachedProperties.HOST)}, or
 * a literal passed to {@code BundleContext.getProperty}), and javac copies a constant into each class that
 * uses it, so the bundle that reads a key holds it even when another bundle defines it. Also found
 * by code that reads a key only when it needs it (at swap time), which watching reads would miss.
 *
 * <p>A name built by concatenation ({@code "mlos.kind." + kind}) leaves its head as a constant (or
 * in an invokedynamic recipe, {@code "mlos.kind.\u0001"}): such a head is a <em>prefix</em>, and
 * any key under it is named ({@code mlos.kind.KeyValueStore}). Only classes under {@code org/mlos/}
 * are read: the project's own code, not the libraries bundled with it.
 */
final class PropertyNames {

    private static final Pattern NAME = Pattern.compile("mlos\\.[A-Za-z0-9_.-]*");
    /** What follows a prefix: a concatenation's argument, or a placeholder in text ({@code mlos.kind.<kind>}). */
    private static final String PREFIX_FOLLOWERS = "\u0001\u0002<";

    private final Set<String> exact = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();

    /** The names in the classes of these jars. */
    static PropertyNames in(Iterable<Path> code) throws IOException {
        PropertyNames names = new PropertyNames();
        for (Path p : code) {
            names.read(p);
        }
        return names;
    }

    /** Whether code holding these names can read {@code key}: a name itself, or under a prefix. */
    boolean names(String key) {
        if (exact.contains(key)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    Set<String> exact() {
        return Set.copyOf(exact);
    }

    Set<String> prefixes() {
        return Set.copyOf(prefixes);
    }

    void addAll(PropertyNames other) {
        exact.addAll(other.exact);
        prefixes.addAll(other.prefixes);
    }

    private void read(Path code) throws IOException {
        try (JarFile jar = new JarFile(code.toFile(), false)) {
            for (var entries = jar.entries(); entries.hasMoreElements();) {
                var e = entries.nextElement();
                if (e.getName().startsWith("org/mlos/") && e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        constants(in.readAllBytes());
                    }
                }
            }
        }
    }

    private void constants(byte[] classFile) {
        for (PoolEntry entry : ClassFile.of().parse(classFile).constantPool()) {
            if (entry instanceof StringEntry s && s.stringValue().contains("mlos.")) {
                add(s.stringValue());
            }
        }
    }

    /** Each name in a constant: the constant itself, or names in a message ("set mlos.fault.dir, or"). */
    void add(String constant) {
        Matcher m = NAME.matcher(constant);
        while (m.find()) {
            if (m.start() > 0 && isNamePart(constant.charAt(m.start() - 1))) {
                continue; // part of another word (xmlos.), not a name
            }
            String name = m.group();
            boolean whole = m.start() == 0 && m.end() == constant.length();
            boolean followed = m.end() < constant.length() && PREFIX_FOLLOWERS.indexOf(constant.charAt(m.end())) >= 0;
            if (name.endsWith(".") && (whole || followed)) {
                // "mlos." alone would make every key known: a prefix names at least one word after mlos
                if (name.indexOf('.') < name.length() - 1) {
                    prefixes.add(name);
                }
            } else {
                name = name.replaceAll("\\.+$", ""); // a sentence's full stop
                if (name.length() > "mlos.".length()) {
                    exact.add(name);
                }
            }
        }
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }
}
