package org.mlos.net.vertx;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import org.mlos.net.api.TlsSettings;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;

/**
 * The TLS of a listener ({@link TlsSettings}): a context made from its PEM files, and the
 * handler each accepted connection gets in front of everything else, before its first byte is
 * read. The connection is the protocol's from its accept, as memcached's is, so a connection
 * limit counts it while it shakes hands; Vert.x's own TLS would hand it over only after.
 */
final class ServerTls {

    /**
     * How long a client has to finish its handshake. memcached has no such limit; a connection
     * that never finishes holds one of the connection limit's places until then.
     */
    static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    private static final System.Logger LOG = System.getLogger(ServerTls.class.getName());
    private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        // memcached's OpenSSL refuses a client's renegotiation (a full handshake the server pays
        // for, on the client's say-so); the JDK accepts it unless told, once, before its first
        // handshake. The nodes' jvm.options says so too; an embedding application may say otherwise.
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    /**
     * BoringSSL when Netty's tcnative loads (its fragment is there for this platform, and
     * {@code -Dio.netty.handler.ssl.noOpenSsl=true} is not set), the JDK's otherwise. A handshake
     * costs the node half the JDK's CPU through it (bench memcached's tls-connect row); the bulk
     * of a connection's bytes, AES-GCM, costs about the same either way.
     */
    static final SslProvider PROVIDER = provider();

    /**
     * Without a CA file no client is asked for a certificate ({@link TlsSettings} requires one
     * for that), so nothing is trusted; left unset, Netty's OpenSSL context would load the JDK's
     * whole CA store and hand it to BoringSSL on every context: two thirds of a {@code refresh_certs}.
     */
    private static final TrustManagerFactory NO_CLIENT_CERTIFICATES = trustingNothing();

    private final Vertx vertx;
    private final TlsSettings settings;
    /** The suites {@link TlsSettings#ciphers()} selects, null for the library's: read once, the list is fixed. */
    private final List<String> ciphers;
    private final LongAdder handshakeErrors = new LongAdder();
    private volatile SslContext context;

    private ServerTls(Vertx vertx, TlsSettings settings, List<String> ciphers) throws IOException {
        this.vertx = vertx;
        this.settings = settings;
        this.ciphers = ciphers;
        this.context = context(vertx, settings, PROVIDER, ciphers);
    }

    /** Reads and checks the files ({@link TlsFiles}); throws naming the file that will not do. */
    static ServerTls load(Vertx vertx, TlsSettings settings) throws IOException {
        return new ServerTls(vertx, settings, ciphers(settings, PROVIDER));
    }

    TlsSettings settings() {
        return settings;
    }

    /** The files read again, for connections accepted from now on; on failure the old ones stay. */
    void reload() throws IOException {
        context = context(vertx, settings, PROVIDER, ciphers);
    }

    /** TLS at the head of a newly accepted channel's pipeline: every byte read goes through it first. */
    void secure(Channel channel) {
        SslHandler handler = context.newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        channel.pipeline().addFirst("mlos-tls", handler);
        handler.handshakeFuture().addListener(done -> {
            if (!done.isSuccess() && !abandoned(done.cause())) {
                handshakeErrors.increment();
            } else if (done.isSuccess()) {
                acknowledgeNow(channel);
            }
        });
    }

    /**
     * Linux's TCP_QUICKACK, by the name Netty's epoll transport gives it (one constant per name,
     * whichever asks first), so that this bundle needs no import of that transport: a channel of
     * another transport does not know the option and leaves it.
     */
    private static final ChannelOption<Boolean> QUICKACK = ChannelOption.valueOf("io.netty.channel.epoll.EpollChannelOption#TCP_QUICKACK");

    /**
     * Acknowledges the client's last handshake message at once. A TLS 1.3 handshake ends with the
     * client's Finished; memcached's OpenSSL answers it with two session tickets, which carry the
     * TCP acknowledgement, while BoringSSL here holds its tickets until the first reply (they go
     * out with it) and sends nothing, so the kernel delayed it ~40 ms, and a
     * client with Nagle's algorithm on (Python's sockets, pymemcache's default) held its first
     * request until it came: 41.7 ms from the request to its reply against memcached's 0.18
     * ({@code AFirstRequestAfterTheHandshakeIsNotHeldTest}).
     */
    private static void acknowledgeNow(Channel channel) {
        channel.config().setOption(QUICKACK, true);
    }

    /** Handshakes that failed, counted as memcached counts its {@code ssl_handshake_errors}. */
    long handshakeErrors() {
        return handshakeErrors.sum();
    }

    /**
     * A handshake the client left: it closed the connection or sent nothing more before the
     * timeout (a port probe, a load balancer's health check), or the server closed it (over the
     * connection limit, or stopping). memcached counts none of these; a client refused (no
     * certificate, plain text on the port, an old protocol version) it counts.
     */
    static boolean abandoned(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SslHandshakeTimeoutException || t instanceof java.nio.channels.ClosedChannelException
                    // Netty's words when the peer closed mid-handshake (its exception class is not public)
                    || String.valueOf(t.getMessage()).startsWith("Connection closed while SSL/TLS handshake")) {
                return true;
            }
        }
        return false;
    }

    private static TrustManagerFactory trustingNothing() {
        try {
            KeyStore none = KeyStore.getInstance(KeyStore.getDefaultType());
            none.load(null, null);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(none);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK made no empty trust store: " + e, e);
        }
    }

    private static SslProvider provider() {
        if (OpenSsl.isAvailable()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS through " + OpenSsl.versionString() + " (netty-tcnative)");
            return SslProvider.OPENSSL;
        }
        LOG.log(System.Logger.Level.INFO, "TLS through the JDK: netty-tcnative did not load ("
                + VertxListener.bounded(String.valueOf(OpenSsl.unavailabilityCause())) + ")");
        return SslProvider.JDK;
    }

    /** The context of {@code tls}'s files and settings, through {@code provider}; package-private for tests of either. */
    static SslContext context(Vertx vertx, TlsSettings tls, SslProvider provider) throws IOException {
        return context(vertx, tls, provider, ciphers(tls, provider));
    }

    /** The suites {@code tls}'s cipher list selects on {@code provider}'s engine (BoringSSL reads it through a throw-away context). */
    private static List<String> ciphers(TlsSettings tls, SslProvider provider) throws IOException {
        if (tls.ciphers() == null) {
            return null;
        }
        return provider == SslProvider.JDK ? TlsCiphers.forJdk(tls.ciphers()) : TlsCiphers.forBoringSsl(tls.ciphers());
    }

    private static SslContext context(Vertx vertx, TlsSettings tls, SslProvider provider, List<String> ciphers)
            throws IOException {
        OneKeyManager key = TlsFiles.check(tls);
        // Netty's OpenSSL context converts a key manager's key and chain into BoringSSL's form
        // for every handshake (they might change, it cannot tell); these never do, and a reload
        // makes a new context: converted once, as the caching factory tells it.
        SslContextBuilder builder = (provider == SslProvider.JDK ? SslContextBuilder.forServer(key)
                : SslContextBuilder.forServer(new OpenSslCachingX509KeyManagerFactory(new KeyManagerFactoryWrapper(key))))
                .sslProvider(provider)
                .protocols(tls.minVersion().equals("TLSv1.3") ? new String[] { "TLSv1.3" }
                        : new String[] { "TLSv1.3", "TLSv1.2" })
                .clientAuth(switch (tls.clientCerts()) {
                    case NONE -> ClientAuth.NONE;
                    case REQUEST -> ClientAuth.OPTIONAL;
                    case REQUIRE -> ClientAuth.REQUIRE;
                });
        if (ciphers != null) {
            builder.ciphers(ciphers, IdentityCipherSuiteFilter.INSTANCE);
        }
        try {
            builder.trustManager(tls.caCerts() != null
                    ? new PemTrustOptions().addCertPath(absolute(tls.caCerts())).getTrustManagerFactory(vertx)
                    : NO_CLIENT_CERTIFICATES);
            return builder.build();
        } catch (SSLException e) {
            throw new IOException("cannot make a TLS context of " + tls.certChain() + ": " + e.getMessage(), e);
        } catch (Exception e) { // Vert.x declares Exception; the CA file was read by TlsFiles already
            throw new IOException("cannot read the CA certificates " + tls.caCerts() + ": " + e.getMessage(), e);
        }
    }

    /** The key's file: {@link TlsSettings#key()}, or the chain's file when that holds the key too. */
    static Path keyFile(TlsSettings tls) {
        return tls.key() != null ? tls.key() : tls.certChain();
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().toString();
    }
}
