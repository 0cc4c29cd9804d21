package org.mlos.bridge.http;

import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.HostCommands;
import org.mlos.bridge.api.HostFiles;
import org.mlos.core.settings.NodeProperties;
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

    /** Read and checked as the node starts ({@link FrontSettingsCheck}). */
    @Reference
    private FrontSettings settings;

    private Vertx vertx;
    private HttpFront front;
    private ServiceRegistration<BridgeHttp> registration;

    @Activate
    void activate(BundleContext context) throws Exception {
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
        front = new HttpFront(vertx, settings.token(), settings.limits(), HeadDeadline.MILLIS, settings.maxConnections(),
                new FileRoutes(files, (int) settings.bodyMax()), new CommandRoutes(commands));
        int port;
        try {
            port = front.start(settings.host(), settings.port());
        } catch (Exception e) {
            deactivate(); // DS does not call it after a failed activate: the Vert.x and its workers would stay
            throw e;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(NodeProperties.ENDPOINT, "bridge://" + settings.host() + ":" + port);
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
