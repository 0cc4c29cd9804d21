package org.mlos.bridge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.BridgeProperties;
import org.mlos.core.settings.Settings;

class FrontSettingsTest {

    @TempDir
    Path dir;

    private FrontSettings read(Map<String, String> more) throws Exception {
        Path token = Files.writeString(dir.resolve("bridge.token"), RunningFront.TOKEN + "\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> all = new HashMap<>(more);
        all.put(BridgeProperties.TOKEN_FILE, token.toString());
        return FrontSettings.read(Settings.of(all::get, "framework property"));
    }

    @Test
    void defaultsBindLoopbackAndCapConnectionsAsMemcachedDoes() throws Exception {
        FrontSettings s = read(Map.of());
        assertEquals("127.0.0.1", s.host());
        assertEquals(0, s.port());
        assertEquals(ConnectionCap.DEFAULT, s.maxConnections());
        assertEquals(BridgeProperties.FILE_MAX_DEFAULT, s.limits().max());
        assertTrue(s.token().admits("Bearer " + RunningFront.TOKEN));
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAndItsRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(BridgeProperties.HTTP_MAX_CONNECTIONS, "0")));
        assertTrue(e.getMessage().contains(BridgeProperties.HTTP_MAX_CONNECTIONS) && e.getMessage().contains("from 1 to"),
                e.getMessage());
    }

    @Test
    void noTokenFileSaysHowToGetOne() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FrontSettings.read(Settings.of(Map.<String, String>of()::get, "framework property")));
        assertTrue(e.getMessage().contains(BridgeProperties.TOKEN_FILE), e.getMessage());
    }
}
