package org.mlos.bridge.http;

import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.HostCommands;
import org.mlos.bridge.api.HostFiles;
import org.mlos.core.settings.BearerToken;
import org.mlos.core.settings.NodeProperties;
import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * The bridge's HTTP front: {@link HostFiles} and {@link HostCommands} for clients that speak only
 * HTTP, through the kinds' handles, so it serves whichever implementation the node uses, on this
 * node or on a full node. A bearer token is required ({@value BridgeProperties#TOKEN_FILE}): without
 * it the front does not start, and says why. Its address is published as the node's endpoint
 * {@code bridge://host:port}.
 */
@Component(immediate = true, service = {})
public final class BridgeHttp {

    @Reference
    private HostFiles files;

    @Reference
    private HostCommands commands;

    private Vertx vertx;
    private HttpFront front;
    private ServiceRegistration<BridgeHttp> registration;

    @Activate
    void activate(BundleContext context) throws Exception {
        Settings settings = Settings.of(context);
        BearerToken token = BearerToken.fromFile(settings, BridgeProperties.TOKEN_FILE, "bridge token",
                "mlos run makes bridge.token in the user's config folder");
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(Vertx.class.getClassLoader());
        try {
            // no files served from the class path: no vertx-cache folder in /tmp left by a killed node
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(8).setFileSystemOptions(
                    new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false)));
        } finally {
            t.setContextClassLoader(previous);
        }
        String host = settings.text(BridgeProperties.HTTP_HOST, "127.0.0.1");
        // the full node reads its own limit from the same setting: set it alike on both (a longer body is refused there)
        long bodyMax = settings.number(BridgeProperties.FILE_MAX_BYTES, BridgeProperties.FILE_MAX_DEFAULT, 0,
                BridgeProperties.FILE_MAX_CEILING);
        BodyLimits limits = BodyLimits.of(bodyMax).withPace(
                settings.number(BridgeProperties.HTTP_BODY_GRACE_MS, BodyLimits.GRACE_MILLIS, 1, 24L * 3600 * 1000),
                settings.number(BridgeProperties.HTTP_BODY_MIN_RATE, BodyLimits.MIN_BYTES_PER_SECOND, 1, 1L << 40));
        int maxConnections = settings.integer(BridgeProperties.HTTP_MAX_CONNECTIONS, ConnectionCap.DEFAULT, 1, 1 << 20);
        front = new HttpFront(vertx, token, limits, HeadDeadline.MILLIS, maxConnections, new FileRoutes(files, (int) bodyMax), new CommandRoutes(commands));
        int port = front.start(host, settings.integer(BridgeProperties.HTTP_PORT, 0, 0, 65535));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.ENDPOINT, "bridge://" + host + ":" + port);
        registration = context.registerService(BridgeHttp.class, this, props);
    }

    @Deactivate
    void deactivate() throws Exception {
        if (registration != null) {
            registration.unregister();
        }
        if (front != null) {
            front.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
