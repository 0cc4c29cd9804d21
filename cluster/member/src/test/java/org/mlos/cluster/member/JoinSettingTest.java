package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JoinSettingTest {

    @Test
    void nodesJoinInTheBackgroundUnlessToldToJoinDuringBoot() {
        assertFalse(ClusterMember.joinInBoot(null));
        assertFalse(ClusterMember.joinInBoot(" background "));
        assertTrue(ClusterMember.joinInBoot("boot"));
    }

    @Test
    void anUnknownValueIsRefusedSayingWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClusterMember.joinInBoot("later"));
        assertTrue(e.getMessage().contains("mlos.cluster.join") && e.getMessage().contains("background")
                && e.getMessage().contains("'later'"), e.getMessage());
    }
}
