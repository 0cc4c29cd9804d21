package org.mlos.core.settings;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.osgi.framework.BundleContext;

/**
 * Settings looked up by name: a value a component's configuration sets wins, else the framework
 * property of that name, else the caller's default. A value that does not parse, or lies outside
 * its range, fails with an {@link IllegalArgumentException} saying which setting, from where, the
 * value, and what it must be: a node refuses to start on a typo rather than run on a guess.
 *
 * <pre>{@code
 * Settings s = Settings.of(context).configured(MemcachedProperties.PORT, config.port() >= 0 ? config.port() : null);
 * int port = s.integer(MemcachedProperties.PORT, 11211, 0, 65535);
 * }</pre>
 */
public final class Settings {

    private final Function<String, String> properties;
    private final String source;
    private final Map<String, Object> configured;

    private Settings(Function<String, String> properties, String source, Map<String, Object> configured) {
        this.properties = Objects.requireNonNull(properties, "properties");
        this.source = source;
        this.configured = configured;
    }

    /** The framework properties of the context's framework; a null context has none (plain Java, tests). */
    public static Settings of(BundleContext context) {
        return new Settings(new FrameworkProperties(context), "framework property", Map.of());
    }

    /**
     * Settings from any lookup.
     *
     * @param source how an error names where a value came from, e.g. {@code "environment variable"}
     */
    public static Settings of(Function<String, String> lookup, String source) {
        return new Settings(lookup, source, Map.of());
    }

    /**
     * These settings with a value a component's configuration gives for {@code name}; null means
     * the configuration leaves it unset and the property or default applies.
     */
    public Settings configured(String name, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return this;
        }
        Map<String, Object> copy = new HashMap<>(configured);
        copy.put(name, value);
        return new Settings(properties, source, copy);
    }

    /** The trimmed value, if the configuration or the property sets one that is not blank. */
    public Optional<String> text(String name) {
        Object c = configured.get(name);
        if (c != null) {
            return Optional.of(c.toString().trim());
        }
        String v = properties.apply(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    /** A whole number in [min, max]. */
    public long number(String name, long fallback, long min, long max) {
        Optional<String> v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw bad(name, v.get(), "a whole number" + range(min, max));
        }
        if (n < min || n > max) {
            throw bad(name, v.get(), "a whole number" + range(min, max));
        }
        return n;
    }

    /** A whole number in [min, max] that fits an int. */
    public int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    /** {@code true} or {@code false} (any case); anything else is an error, not a silent false. */
    public boolean flag(String name, boolean fallback) {
        Optional<String> v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (v.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw bad(name, v.get(), "true or false");
    }

    /** One of the given words (any case), returned as given in {@code allowed}. */
    public String choice(String name, String fallback, String... allowed) {
        Optional<String> v = text(name);
        if (v.isEmpty()) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v.get())) {
                return a;
            }
        }
        throw bad(name, v.get(), "one of " + String.join(", ", allowed));
    }

    private IllegalArgumentException bad(String name, String value, String expected) {
        String where = configured.containsKey(name) ? "configuration" : source;
        return new IllegalArgumentException(where + " " + name + " must be " + expected + ", was '" + value
                + "'; fix it where it is set (--set " + name + "=…, the profile, or the component's configuration)");
    }

    private static String range(long min, long max) {
        if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
            return "";
        }
        if (max == Long.MAX_VALUE) {
            return " of at least " + min;
        }
        return " from " + min + " to " + max;
    }

    /** A named class, not a lambda: settings are read on every node's boot path. */
    private static final class FrameworkProperties implements Function<String, String> {
        private final BundleContext context;

        FrameworkProperties(BundleContext context) {
            this.context = context;
        }

        @Override
        public String apply(String name) {
            return context == null ? null : context.getProperty(name);
        }
    }
}
