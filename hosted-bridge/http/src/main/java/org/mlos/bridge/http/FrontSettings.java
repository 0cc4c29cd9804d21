package org.mlos.bridge.http;

import java.io.IOException;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.core.settings.BearerToken;
import org.mlos.core.settings.Settings;

/**
 * The front's settings, read and checked once, as the node starts ({@link FrontSettingsCheck}, which
 * registers them as a service for {@link BridgeHttp}): a bad one stops a node whose front waits for
 * another node's kinds (a web node) at once, not when that node arrives.
 */
record FrontSettings(BearerToken token, String host, int port, long bodyMax, BodyLimits limits, int maxConnections) {

    static FrontSettings read(Settings settings) throws IOException {
        BearerToken token = BearerToken.fromFile(settings, BridgeProperties.TOKEN_FILE, "bridge token",
                "mlos run makes bridge.token in the user's config folder");
        String host = settings.text(BridgeProperties.HTTP_HOST, "127.0.0.1");
        int port = settings.integer(BridgeProperties.HTTP_PORT, 0, 0, 65535);
        // the full node reads its own limit from the same setting: set it alike on both (a longer body is refused there)
        long bodyMax = settings.number(BridgeProperties.FILE_MAX_BYTES, BridgeProperties.FILE_MAX_DEFAULT, 0,
                BridgeProperties.FILE_MAX_CEILING);
        BodyLimits limits = BodyLimits.of(bodyMax).withPace(
                settings.number(BridgeProperties.HTTP_BODY_GRACE_MS, BodyLimits.GRACE_MILLIS, 1, 24L * 3600 * 1000),
                settings.number(BridgeProperties.HTTP_BODY_MIN_RATE, BodyLimits.MIN_BYTES_PER_SECOND, 1, 1L << 40));
        int maxConnections = settings.integer(BridgeProperties.HTTP_MAX_CONNECTIONS, ConnectionCap.DEFAULT, 1, 1 << 20);
        return new FrontSettings(token, host, port, bodyMax, limits, maxConnections);
    }
}
