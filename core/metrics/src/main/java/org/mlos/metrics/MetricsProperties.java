package org.mlos.metrics;

/** Framework properties of the metrics bundle ({@code mlos run … --metrics} sets them). */
public final class MetricsProperties {

    private MetricsProperties() {
    }

    /** Interface the Prometheus endpoint binds (default 127.0.0.1). */
    public static final String HOST = "mlos.metrics.host";
    /** Its port (default 0: any free one; the ready line shows the endpoint). */
    public static final String PORT = "mlos.metrics.port";
    /** File holding the bearer token every scrape must present; required. */
    public static final String TOKEN_FILE = "mlos.metrics.token.file";
}
