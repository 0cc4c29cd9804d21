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

    private MemcachedTlsOptions() {
    }

    /**
     * Takes an {@code -o} item of memcached's TLS ({@code ssl_chain_cert=F}, {@code ssl_key=F},
     * {@code ssl_ca_cert=F}, {@code ssl_verify_mode=0..3}, {@code ssl_min_version=tlsv1.2|tlsv1.3},
     * and as no-ops {@code ssl_keyformat=1}, PEM, the only format read, {@code ssl_session_cache},
     * as the JDK keeps one anyway, and {@code ssl_wbuf_size=N}, the JDK sizing its own buffers).
     *
     * @return null when taken, else why not (another ssl_ item, or a bad value)
     */
    static String item(String item, Map<String, String> properties) {
        int eq = item.indexOf('=');
        String name = eq < 0 ? item : item.substring(0, eq);
        String value = eq < 0 ? "" : item.substring(eq + 1).trim();
        switch (name) {
            case "ssl_chain_cert" -> properties.put(CERT, readable(value, name));
            case "ssl_key" -> properties.put(KEY, readable(value, name));
            case "ssl_ca_cert" -> properties.put(CA, readable(value, name));
            case "ssl_verify_mode" -> {
                if (!value.matches("[0-3]")) {
                    return "ssl_verify_mode is 0 (no client certificate), 1 (asked for), 2 or 3 (required), got '" + value + "'";
                }
                properties.put(VERIFY, value);
            }
            case "ssl_min_version" -> {
                switch (value) {
                    case "tlsv1.2", "tlsv1.3" -> properties.put(MIN_VERSION, value);
                    case "tlsv1", "tlsv1.1" -> {
                        return "the JDK refuses TLS 1.0 and 1.1 as broken; give ssl_min_version=tlsv1.2 or tlsv1.3";
                    }
                    default -> {
                        return "ssl_min_version is tlsv1.2 or tlsv1.3, got '" + value + "'";
                    }
                }
            }
            case "ssl_keyformat" -> {
                if (!value.equals("1")) {
                    return "the node reads PEM files only (ssl_keyformat=1)";
                }
            }
            case "ssl_session_cache", "ssl_wbuf_size" -> {
                // the JDK's TLS keeps a session cache and sizes its buffers itself
            }
            case "ssl_ciphers" -> {
                return "the node offers the JDK's default cipher suites; leave ssl_ciphers out";
            }
            case "ssl_kernel_tls" -> {
                return "the node does not hand TLS to the kernel; leave ssl_kernel_tls out";
            }
            default -> {
                return "not a TLS setting this node has";
            }
        }
        return null;
    }

    /**
     * The TLS settings together, once the line is read: {@code -Z} needs a certificate chain;
     * client certificates need the CA certificates they are checked against; a unix socket takes
     * no TLS (memcached's {@code -Z} is for its ports).
     */
    static void check(Map<String, String> properties) {
        if (!Boolean.parseBoolean(properties.getOrDefault(TLS, "false"))) {
            return;
        }
        if (properties.get(CERT) == null) {
            throw new NodeOptions.UsageException("-Z needs the server's certificate chain, a PEM file: give -o"
                    + " ssl_chain_cert=<file> (and ssl_key=<file> unless the chain's file holds the key)");
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

    private static String readable(String value, String name) {
        Path file = Path.of(value).toAbsolutePath().normalize();
        if (value.isEmpty() || !Files.isReadable(file) || Files.isDirectory(file)) {
            throw new NodeOptions.UsageException("-o " + name + "=" + value + ": no readable file there (a PEM file)");
        }
        return file.toString();
    }
}
