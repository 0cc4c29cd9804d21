package org.mlos.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.mlos.core.settings.BearerToken;

/**
 * Two nodes given one {@code mlos.metrics.port}: the second ended on "component
 * org.mlos.metrics.MetricsComponent failed to activate: BindException: Address already in use",
 * naming neither the port nor the setting (an outsider's cluster up --dashboard). The refusal names
 * both and what to do.
 */
class ADashboardOnAPortInUseNamedNoPortTest {

    @Test
    void thePortAndItsSettingAreNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OperatorEndpoint.start("127.0.0.1", port, BearerToken.of("t0ken-t0ken-t0ken-t0ken", "the metrics token")));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + " (mlos.metrics.port, mlos.metrics.host): ")
                    && e.getMessage().contains("--set mlos.metrics.port=<port>, or 0 for a free one"), e.getMessage());
        }
    }
}
