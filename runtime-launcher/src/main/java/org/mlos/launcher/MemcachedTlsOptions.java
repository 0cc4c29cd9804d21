package org.mlos.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.mlos.net.memcached.server.MemcachedProperties;

/**
 * memcached's TLS words: {@code -Z} and the {@code -o ssl_*} items, as the framework properties
 * the memcached server reads ({@link MemcachedProperties#TLS} and the rest), checked as the
 * launch is read so that a typo ends it with what to do rather than a node that never serves.
 */
final class MemcachedTlsOptions {

    static final String TLS = MemcachedProperties.TLS;
    static final String CERT = MemcachedProperties.TLS_CERT;
    static final String KEY = MemcachedProperties.TLS_KEY;
    static final String CA = MemcachedProperties.TLS_CA;
    static final String VERIFY = MemcachedProperties.TLS_VERIFY;
    static final String MIN_VERSION = MemcachedProperties.TLS_MIN_VERSION;
    static final String CIPHERS = MemcachedProperties.TLS_CIPHERS;

    private MemcachedTlsOptions() {
    }

    /**
     * Takes an {@code -o} item of memcached's TLS ({@code ssl_chain_cert=F}, {@code ssl_key=F},
     * {@code ssl_ca_cert=F}, {@code ssl_verify_mode=0..3}, {@code ssl_min_version=2|3}
     * (or {@code tlsv1.2|tlsv1.3}, the names {@code stats settings} prints), {@code ssl_ciphers=LIST}
     * (OpenSSL's cipher list, for TLS 1.2),
     * and as no-ops {@code ssl_keyformat=1}, PEM, the only format read, {@code ssl_session_cache},
     * as the JDK keeps one anyway, and {@code ssl_wbuf_size=N}, the JDK sizing its own buffers).
     *
     * @return null when taken, else why the node has no such setting (to be left out)
     * @throws NodeOptions.UsageException for a setting it has, given a value it cannot take
     */
    static String item(String item, Map<String, String> properties) {
        int eq = item.indexOf('=');
        String name = eq < 0 ? item : item.substring(0, eq);
        String value = eq < 0 ? "" : item.substring(eq + 1).trim();
        switch (name) {
            // as given: stats settings prints them so, and the node opens them from this folder
            case "ssl_chain_cert" -> properties.put(CERT, value);
            case "ssl_key" -> properties.put(KEY, value);
            case "ssl_ca_cert" -> properties.put(CA, value);
            case "ssl_verify_mode" -> {
                if (!value.matches("[0-3]")) {
                    throw badValue(item, "ssl_verify_mode is 0 (no client certificate), 1 (asked for), 2 or 3 (required)");
                }
                properties.put(VERIFY, value);
            }
            case "ssl_min_version" -> {
                switch (value) {
                    case "2", "3", "tlsv1.2", "tlsv1.3" -> properties.put(MIN_VERSION, value);
                    case "0", "1" -> throw badValue(item, "that would take TLS 1." + value + ", which the JDK refuses"
                            + " as broken; give 2 (TLS 1.2, the default) or 3 (TLS 1.3)");
                    default -> throw badValue(item, "ssl_min_version is memcached's number, 2 (TLS 1.2) or 3 (TLS 1.3)");
                }
            }
            case "ssl_keyformat" -> {
                if (!value.equals("1")) {
                    throw badValue(item, "the node reads PEM files only, ssl_keyformat=1 (leave it out)");
                }
            }
            case "ssl_session_cache", "ssl_wbuf_size" -> {
                // the TLS library keeps its own session cache and sizes its buffers itself
            }
            case "ssl_ciphers" -> {
                if (value.isEmpty() || !value.chars().allMatch(c -> c >= ' ' && c < 127)) {
                    throw badValue(item, "ssl_ciphers is OpenSSL's cipher list for TLS 1.2, e.g."
                            + " ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256 or HIGH:!aNULL (leave it out for"
                            + " the TLS library's defaults)");
                }
                properties.put(CIPHERS, value);
            }
            case "ssl_kernel_tls" -> {
                return "the node does not hand TLS to the kernel";
            }
            default -> {
                return "not a TLS setting this node has";
            }
        }
        return null;
    }

    /**
     * The TLS settings together, once the line is read: {@code -Z} needs a certificate chain, and
     * each file it is given must be a readable PEM file of its kind; client certificates need the
     * CA certificates they are checked against; a unix socket takes no TLS (memcached's {@code -Z}
     * is for its ports). Without {@code -Z} the files are not looked at, as memcached does not
     * look at them then (a line that differs only by {@code -Z} starts on both).
     */
    static void check(Map<String, String> properties) {
        if (!Boolean.parseBoolean(properties.getOrDefault(TLS, "false"))) {
            return;
        }
        if (properties.get(CERT) == null) {
            throw new NodeOptions.UsageException("-Z needs the server's certificate chain, a PEM file: give -o"
                    + " ssl_chain_cert=<file> (and ssl_key=<file> unless the chain's file holds the key)");
        }
        pem(properties.get(CERT), "ssl_chain_cert", false);
        if (properties.get(KEY) != null) {
            pem(properties.get(KEY), "ssl_key", true);
        }
        if (properties.get(CA) != null) {
            pem(properties.get(CA), "ssl_ca_cert", false);
        }
        if (!properties.getOrDefault(VERIFY, "0").equals("0") && properties.get(CA) == null) {
            throw new NodeOptions.UsageException("-o ssl_verify_mode=" + properties.get(VERIFY) + " checks client"
                    + " certificates against CA certificates: give -o ssl_ca_cert=<PEM file>, or leave ssl_verify_mode out");
        }
        if (properties.get(MemcachedProperties.SOCKET) != null) {
            throw new NodeOptions.UsageException("-Z is for the TCP port, and -s listens on a unix socket instead, which"
                    + " only this machine reaches; give one of them");
        }
    }

    /** Whether clients must show a certificate the CA certificates vouch for: authentication, as -Y is. */
    static boolean authenticatesClients(Map<String, String> properties) {
        return Boolean.parseBoolean(properties.getOrDefault(TLS, "false"))
                && (properties.getOrDefault(VERIFY, "0").equals("2") || properties.getOrDefault(VERIFY, "0").equals("3"));
    }

    private static NodeOptions.UsageException badValue(String item, String why) {
        return new NodeOptions.UsageException("-o " + item + ": " + why);
    }

    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String PRIVATE_KEY = "PRIVATE KEY-----";

    /**
     * Checks that the file is readable and holds a PEM block of the kind asked for (the node reads
     * it whole when it listens, and says more if that fails).
     */
    private static void pem(String value, String name, boolean key) {
        Path file;
        try {
            file = Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new NodeOptions.UsageException("-o " + name + "=" + value + ": not a file name: " + e.getReason());
        }
        if (value.isEmpty() || !Files.isReadable(file) || Files.isDirectory(file)) {
            throw new NodeOptions.UsageException("-o " + name + "=" + value + ": no readable file there (a PEM file)");
        }
        String text;
        try {
            text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new NodeOptions.UsageException("-o " + name + "=" + value + ": cannot read it: " + e.getMessage());
        }
        if (!text.contains(key ? PRIVATE_KEY : CERTIFICATE)) {
            String kind = key ? "private key (-----BEGIN PRIVATE KEY-----)" : "certificate (" + CERTIFICATE + ")";
            throw new NodeOptions.UsageException("-o " + name + "=" + value + ": no PEM " + kind + " in it");
        }
        if (key && text.contains("ENCRYPTED")) {
            throw new NodeOptions.UsageException("-o " + name + "=" + value + ": the key is encrypted, and the node asks"
                    + " no passphrase; give it unencrypted (openssl pkey -in <file> -out <new file>), readable by its user only");
        }
    }
}
