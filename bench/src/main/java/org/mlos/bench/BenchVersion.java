package org.mlos.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code mlos bench -V} prints: the project's version, as Maven wrote it into the bench jar,
 * and the Java it runs on. The option printed nothing before: no version provider was named.
 */
public final class BenchVersion implements IVersionProvider {

    private static final String POM = "/META-INF/maven/org.mlos/mlos-bench/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] { "mlos bench " + version(), "Java " + Runtime.version() + " ("
                + System.getProperty("java.vendor", "unknown vendor") + ")" };
    }

    static String version() {
        try (InputStream in = BenchVersion.class.getResourceAsStream(POM)) {
            if (in == null) {
                return "(version unknown: not run from the bench jar)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(version unknown: no version in " + POM + ")");
        } catch (IOException e) {
            return "(version unknown: " + e.getMessage() + ")";
        }
    }
}
