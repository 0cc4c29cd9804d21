package org.mlos.launcher;

/** The dashboard a node serves at {@code /} of its metrics endpoint: what an operator opens. */
public final class DashboardUrl {

    private DashboardUrl() {
    }

    /** The dashboard's URL for a metrics endpoint {@code http://…/metrics}; null for another URL. */
    public static String of(String url) {
        return url.startsWith("http://") && url.endsWith("/metrics") ? url.substring(0, url.length() - "metrics".length()) : null;
    }
}
