package org.mlos.net.vertx;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;

/**
 * A listener's cipher list ({@link org.mlos.net.api.TlsSettings#ciphers()}, memcached's
 * {@code ssl_ciphers}): the suites TLS 1.2 may use, TLS 1.3's left as they are, as memcached's
 * {@code SSL_CTX_set_cipher_list} leaves them.
 */
final class TlsCiphers {

    /** TLS 1.3's suites, which a cipher list does not touch: kept on the JDK's engine as BoringSSL keeps them. */
    static final List<String> TLS13 = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private TlsCiphers() {
    }

    /**
     * The list as BoringSSL reads it, as OpenSSL reads memcached's (names, aliases such as
     * {@code HIGH}, {@code !} and {@code -} to leave out; a name it does not know is passed over),
     * by suite name, followed by TLS 1.3's. Netty's context takes suite names only, so BoringSSL
     * reads the list into a connection of a client context made for the purpose (no files), and
     * the suites it chose are given to the server's context.
     *
     * @throws IOException if BoringSSL finds no suite in the list, as OpenSSL refuses it for memcached
     */
    static List<String> forBoringSsl(String list) throws IOException {
        SSLEngine engine;
        try {
            engine = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).build().newEngine(ByteBufAllocator.DEFAULT);
        } catch (SSLException e) {
            throw new IOException("cannot make a BoringSSL context to read the TLS cipher list: " + e.getMessage(), e);
        }
        try {
            io.netty.internal.tcnative.SSL.setCipherSuites(((ReferenceCountedOpenSslEngine) engine).sslPointer(), list, false);
            Set<String> suites = new LinkedHashSet<>(TLS13);
            suites.addAll(List.of(engine.getEnabledCipherSuites()));
            return new ArrayList<>(suites);
        } catch (NoClassDefFoundError e) {
            throw new IOException("cannot read the TLS cipher list: this bundle does not see netty-tcnative's classes,"
                    + " which Netty's TLS uses (refresh org.mlos.net.vertx after installing netty-tcnative)", e);
        } catch (Exception e) { // tcnative throws Exception naming OpenSSL's error
            throw refused(list, "it names no cipher suite BoringSSL has (" + e.getMessage() + ")");
        } finally {
            ReferenceCountUtil.release(engine);
        }
    }

    /**
     * The list as the JDK's engine takes it: suite names only, OpenSSL's
     * ({@code ECDHE-ECDSA-AES128-GCM-SHA256}) or IANA's ({@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}),
     * followed by TLS 1.3's. OpenSSL's aliases and exclusions ({@code HIGH}, {@code !aNULL}) are
     * BoringSSL's to read: on the JDK's engine a list with one is refused rather than read in part,
     * and so is a name of no suite, which OpenSSL would pass over (the two cannot be told apart).
     *
     * @throws IOException naming the word it cannot take, or if no name is a suite the JDK has
     */
    static List<String> forJdk(String list) throws IOException {
        Set<String> supported = jdkSuites();
        Set<String> named = new LinkedHashSet<>();
        for (String word : list.split("[:, ;]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String java = supported.contains(word) ? word : CipherSuiteConverter.toJava(word, "TLS");
            if (java == null || word.matches("[!+@-].*|.*\\+.*")) {
                throw refused(list, "'" + word + "' is not a cipher suite's name (an OpenSSL rule such as HIGH or !aNULL,"
                        + " or a name misspelled), and TLS here goes through the JDK's engine (netty-tcnative did not load),"
                        + " which takes suites by name only: ECDHE-ECDSA-AES128-GCM-SHA256 or"
                        + " TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            }
            if (supported.contains(java)) {
                named.add(java); // a suite the JDK lacks is passed over, as OpenSSL passes over one it lacks
            }
        }
        if (named.isEmpty()) {
            throw refused(list, "it names no cipher suite the JDK's TLS has");
        }
        List<String> suites = new ArrayList<>(TLS13);
        suites.addAll(named);
        return suites;
    }

    private static IOException refused(String list, String why) {
        return new IOException("the TLS cipher list '" + list + "' will not do: " + why);
    }

    private static Set<String> jdkSuites() throws IOException {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }
}
