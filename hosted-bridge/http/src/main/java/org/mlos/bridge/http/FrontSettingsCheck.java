package org.mlos.bridge.http;

import java.io.IOException;

import org.mlos.core.settings.Settings;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Reads and checks the front's settings as the node starts, and registers them for
 * {@link BridgeHttp}. The front starts only once the kinds it serves are there, which on a web node
 * means once a full node has joined: read there, a bad setting said nothing until then. A bad one
 * fails this component, and the node stops with the setting, the value and where to fix it.
 * Registered by hand once read, not as this component's own service: DS registers a component's
 * service before activating it, and BridgeHttp, getting it, met the failed activation as "service
 * factory returned null", not as the setting that was wrong. Hence the capability declared by hand,
 * which the profiles' resolution needs for BridgeHttp's reference: renamed, the build fails to resolve them.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=org.mlos.bridge.http.FrontSettings")
@Component(immediate = true, service = {})
public final class FrontSettingsCheck {

    private ServiceRegistration<FrontSettings> registration;

    @Activate
    void activate(BundleContext context) throws IOException {
        registration = context.registerService(FrontSettings.class, FrontSettings.read(Settings.of(context)), null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
