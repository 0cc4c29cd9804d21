package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * In Karaf without the native feature the node logged "Vert.x runs on Java NIO, not Netty's epoll
 * transport: null": Vert.x gives no reason when no native transport is installed at all. The log
 * now says that, and how to add one.
 */
class NoNativeTransportWasLoggedAsNullTest {

    @Test
    void noReasonSaysNoneIsInstalledAndHowToAddIt() {
        String why = VertxNetworkServer.whyNotEpoll(null);
        assertTrue(why.startsWith("no native transport is installed"), why);
        assertTrue(why.contains("mlos-native-linux-x86_64"), why);
    }

    @Test
    void vertxsReasonIsKept() {
        Throwable cause = new UnsatisfiedLinkError("no netty_transport_native_epoll_x86_64 in java.library.path");
        assertEquals(cause.toString(), VertxNetworkServer.whyNotEpoll(cause));
    }
}
