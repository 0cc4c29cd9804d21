package org.mlos.cluster.api.scale;

import java.util.ArrayList;
import java.util.List;

/**
 * What the autoscaler may do with one profile: keep between {@code min} and {@code max} nodes.
 * Written {@code profile=min..max}, e.g. {@code cache=1..3}; several, comma-separated, in the
 * framework property {@value #PROPERTY}, which turns the autoscaler on (off when absent).
 */
public record AutoscaleRule(String profile, int min, int max) {

    /** Framework property: the rules, comma-separated ({@code cache=1..3,worker=1..2}); absent or empty, no autoscaler. */
    public static final String PROPERTY = "mlos.autoscale";

    public AutoscaleRule {
        if (profile == null || profile.isBlank()) {
            throw new IllegalArgumentException("an autoscale rule names a profile: profile=min..max, e.g. cache=1..3");
        }
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("autoscale bounds for " + profile + " must be 1 <= min <= max, not "
                    + min + ".." + max);
        }
    }

    public static AutoscaleRule parse(String s) {
        String[] kv = s.split("=", 2);
        String[] range = kv.length == 2 ? kv[1].split("\\.\\.", -1) : new String[0];
        if (range.length != 2) {
            throw new IllegalArgumentException("--autoscale takes profile=min..max, e.g. cache=1..3; got '" + s + "'");
        }
        try {
            return new AutoscaleRule(kv[0].trim(), Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--autoscale takes whole numbers: profile=min..max, e.g. cache=1..3; got '"
                    + s + "'");
        }
    }

    public static List<AutoscaleRule> parseAll(List<String> specs) {
        List<AutoscaleRule> out = new ArrayList<>();
        for (String s : specs) {
            AutoscaleRule r = parse(s);
            for (AutoscaleRule o : out) {
                if (o.profile().equals(r.profile())) {
                    throw new IllegalArgumentException("--autoscale names profile " + r.profile() + " twice");
                }
            }
            out.add(r);
        }
        return out;
    }

    /** The rules of a {@value #PROPERTY} value; none for null or blank. */
    public static List<AutoscaleRule> parseProperty(String value) {
        List<String> specs = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    specs.add(s.trim());
                }
            }
        }
        return parseAll(specs);
    }

    @Override
    public String toString() {
        return profile + "=" + min + ".." + max;
    }
}
