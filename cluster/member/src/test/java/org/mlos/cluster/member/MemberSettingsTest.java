package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.hazelcast.config.Config;

class MemberSettingsTest {

    private static MemberSettings settings(Map<String, String> props) {
        return MemberSettings.from(props::get);
    }

    @Test
    void theMemberBindsLoopbackOnlyByDefault() {
        MemberSettings s = settings(Map.of());
        assertEquals("127.0.0.1", s.host());
        s.refuseExposureWithoutSecret(false);
        Config c = s.toConfig(getClass().getClassLoader());
        assertEquals("false", c.getProperty("hazelcast.socket.bind.any"));
        assertTrue(c.getAdvancedNetworkConfig().isEnabled());
        assertEquals(java.util.Set.of(com.hazelcast.instance.EndpointQualifier.MEMBER), c.getAdvancedNetworkConfig().getEndpointConfigs().keySet(),
                "members only: no client endpoint");
        assertEquals(java.util.List.of("127.0.0.1"), java.util.List.copyOf(c.getAdvancedNetworkConfig().getEndpointConfigs().get(com.hazelcast.instance.EndpointQualifier.MEMBER).getInterfaces().getInterfaces()));
    }

    @Test
    void bindingBeyondLoopbackWithoutASecretIsRefusedSayingWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> settings(Map.of("mlos.cluster.host", "0.0.0.0")).refuseExposureWithoutSecret(false));
        assertTrue(e.getMessage().contains("without a cluster secret"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> settings(Map.of("mlos.cluster.discovery", "kubernetes")).refuseExposureWithoutSecret(false));
        settings(Map.of("mlos.cluster.host", "0.0.0.0")).refuseExposureWithoutSecret(true);
    }

    @Test
    void javaSerializationIsFilteredAndOurTaskIsDataSerializable() {
        Config c = settings(Map.of()).toConfig(getClass().getClassLoader());
        assertTrue(c.getSerializationConfig().getJavaSerializationFilterConfig() != null);
        assertTrue(c.getSerializationConfig().getDataSerializableFactories()
                .containsKey(org.mlos.cluster.task.SealedTask.FACTORY_ID));
    }

    @Test
    void nodesThatServeNoDataJoinAsLiteMembersUnlessToldOtherwise() {
        assertTrue(MemberSettings.from(Map.<String, String>of()::get, false).toConfig(getClass().getClassLoader()).isLiteMember());
        assertTrue(!MemberSettings.from(Map.<String, String>of()::get, true).toConfig(getClass().getClassLoader()).isLiteMember());
        assertTrue(!MemberSettings.from(Map.of("mlos.cluster.data", "true")::get, false).toConfig(getClass().getClassLoader())
                .isLiteMember());
    }

    @Test
    void aSilentMemberIsDroppedWithinSecondsAndLooksForItsClusterSoonAfter() {
        Config c = settings(Map.of()).toConfig(getClass().getClassLoader());
        assertEquals("10", c.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertTrue(Integer.parseInt(c.getProperty("hazelcast.merge.next.run.delay.seconds")) <= 5);
        assertTrue(Integer.parseInt(c.getProperty("hazelcast.merge.first.run.delay.seconds")) <= 5);
    }

    @Test
    void unauthenticatedMessagesAreForLoopbackMeasurementsOnly() {
        settings(Map.of("mlos.cluster.auth", "off")).refuseExposureWithoutSecret(true);
        assertTrue(!settings(Map.of("mlos.cluster.auth", "off")).authenticate());
        assertTrue(settings(Map.of()).authenticate());
        assertThrows(IllegalStateException.class, () -> settings(Map.of("mlos.cluster.auth", "off", "mlos.cluster.host",
                "0.0.0.0")).refuseExposureWithoutSecret(true));
    }
}
