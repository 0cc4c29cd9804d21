package org.mlos.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class KetamaRingTest {

    private static final List<String> THREE = List.of("127.0.0.1:11211", "127.0.0.1:11212", "127.0.0.1:11213");

    /** Owners computed by a separate libketama implementation (Python, hashlib), not by this class. */
    @Test
    void ownersMatchAnIndependentLibketama() {
        KetamaRing ring = KetamaRing.of(THREE);
        Map<String, String> expected = Map.of("foo", "127.0.0.1:11213", "bar", "127.0.0.1:11212", "key-1",
                "127.0.0.1:11213", "key-2", "127.0.0.1:11213", "mlos", "127.0.0.1:11211", "a", "127.0.0.1:11212",
                "hello world", "127.0.0.1:11213", "z99", "127.0.0.1:11212");
        expected.forEach((k, v) -> assertEquals(v, ring.owner(k), k));
        assertEquals(3675831724L, KetamaRing.hash("foo"));
        assertEquals(421377335L, KetamaRing.hash("bar"));
    }

    @Test
    void removingAServerMovesOnlyItsKeys() {
        KetamaRing before = KetamaRing.of(THREE);
        KetamaRing after = KetamaRing.of(THREE.subList(0, 2));
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            String k = "k" + i;
            if (!before.owner(k).equals(after.owner(k))) {
                assertEquals(THREE.get(2), before.owner(k), k + " moved though its server stayed");
                moved++;
            }
        }
        assertTrue(moved > 2_000 && moved < 4_700, "the removed server held about a third: " + moved);
    }

    @Test
    void addingAServerTakesKeysOnlyForItself() {
        KetamaRing before = KetamaRing.of(THREE.subList(0, 2));
        KetamaRing after = KetamaRing.of(THREE);
        Map<String, Integer> per = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String k = "k" + i;
            per.merge(after.owner(k), 1, Integer::sum);
            if (!before.owner(k).equals(after.owner(k))) {
                assertEquals(THREE.get(2), after.owner(k));
            }
        }
        for (String s : THREE) {
            assertTrue(per.get(s) > 2_000 && per.get(s) < 4_700, "balanced: " + per);
        }
    }

    @Test
    void theServersOrderDoesNotChangeOwners() {
        List<String> reversed = new ArrayList<>(THREE);
        java.util.Collections.reverse(reversed);
        KetamaRing a = KetamaRing.of(THREE);
        KetamaRing b = KetamaRing.of(reversed);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(a.owner("k" + i), b.owner("k" + i));
        }
    }

    @Test
    void badServerListsAreRefusedSayingWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KetamaRing.of(List.of("nohostport"))).getMessage()
                .contains("host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KetamaRing.of(List.of("a:1", "a:1"))).getMessage()
                .contains("twice"));
        assertTrue(assertThrows(IllegalStateException.class, () -> KetamaRing.of(List.of()).owner("k")).getMessage()
                .contains("no server"));
    }
}
