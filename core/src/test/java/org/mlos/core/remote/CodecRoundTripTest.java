package org.mlos.core.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mlos.core.testkinds.Carrier;
import org.mlos.core.testkinds.Carrier.Blob;
import org.mlos.core.testkinds.Carrier.Color;
import org.mlos.core.testkinds.Carrier.Point;
import org.mlos.core.testkinds.EchoCarrier;

/** Every type a remote kind carries, through the generated stub, bytes, and the generated dispatcher. */
class CodecRoundTripTest {

    private final LoopbackInvoker invoker = new LoopbackInvoker(RemoteKinds.dispatcher(Carrier.class, new EchoCarrier()));
    private final Carrier remote = RemoteKinds.stub(Carrier.class, invoker);

    @Test
    void primitives() {
        for (boolean v : new boolean[] {true, false}) {
            assertEquals(v, remote.z(v));
        }
        for (byte v : new byte[] {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE}) {
            assertEquals(v, remote.b(v));
        }
        for (short v : new short[] {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE}) {
            assertEquals(v, remote.s(v));
        }
        for (char v : new char[] {0, 'a', '\u00e9', '\ud83d', Character.MAX_VALUE}) {
            assertEquals(v, remote.c(v));
        }
        for (int v : new int[] {Integer.MIN_VALUE, -1, 0, 1, 0x12345678, Integer.MAX_VALUE}) {
            assertEquals(v, remote.i(v));
        }
        for (long v : new long[] {Long.MIN_VALUE, -1, 0, 1, 0x123456789abcdefL, Long.MAX_VALUE}) {
            assertEquals(v, remote.l(v));
        }
        for (float v : new float[] {Float.NaN, -0.0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 3.25f}) {
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(remote.f(v)));
        }
        for (double v : new double[] {Double.NaN, -0.0, Double.MIN_VALUE, Double.POSITIVE_INFINITY, Math.PI}) {
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(remote.d(v)));
        }
    }

    @Test
    void boxesIncludingNull() {
        assertEquals(Boolean.TRUE, remote.boxedZ(true));
        assertEquals((byte) -7, remote.boxedB((byte) -7));
        assertEquals((short) 300, remote.boxedS((short) 300));
        assertEquals('x', remote.boxedC('x'));
        assertEquals(Integer.MIN_VALUE, remote.boxedI(Integer.MIN_VALUE));
        assertEquals(Long.MAX_VALUE, remote.boxedL(Long.MAX_VALUE));
        assertEquals(1.5f, remote.boxedF(1.5f));
        assertEquals(-2.5, remote.boxedD(-2.5));
        assertNull(remote.boxedZ(null));
        assertNull(remote.boxedB(null));
        assertNull(remote.boxedS(null));
        assertNull(remote.boxedC(null));
        assertNull(remote.boxedI(null));
        assertNull(remote.boxedL(null));
        assertNull(remote.boxedF(null));
        assertNull(remote.boxedD(null));
    }

    @Test
    void stringsAndBytes() {
        for (String v : new String[] {"", "plain", "caf\u00e9 \ud83d\ude00 \u4e2d", "a\u0000b", "x".repeat(100_000)}) {
            assertEquals(v, remote.string(v));
        }
        assertNull(remote.string(null));
        assertNull(remote.bytes(null));
        assertArrayEquals(new byte[0], remote.bytes(new byte[0]));
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, remote.bytes(all));
    }

    @Test
    void enums() {
        for (Color c : Color.values()) {
            assertEquals(c, remote.color(c));
        }
        assertNull(remote.color(null));
    }

    @Test
    void recordsNestedInThemselves() {
        Map<String, Integer> tags = new LinkedHashMap<>();
        tags.put("a", 1);
        tags.put("nothing", null);
        Point leaf = new Point(-1, 2, null, null, List.of(), Optional.empty(), Map.of());
        Point root = new Point(7, Long.MIN_VALUE, "root", Color.GREEN, Arrays.asList(leaf, null), Optional.of("n"), tags);
        assertEquals(root, remote.point(root));
        assertNull(remote.point(null));
        Point holes = new Point(0, 0, null, null, null, null, null);
        assertEquals(holes, remote.point(holes));
    }

    @Test
    void recordWithEveryPrimitiveAndBytes() {
        Blob b = new Blob(new byte[] {1, 2, 3}, '\u20ac', (short) -2, (byte) 9, 0.5f, -1e300, true);
        Blob back = remote.blob(b);
        assertArrayEquals(b.data(), back.data());
        assertEquals(b.c(), back.c());
        assertEquals(b.s(), back.s());
        assertEquals(b.b(), back.b());
        assertEquals(b.f(), back.f());
        assertEquals(b.d(), back.d());
        assertEquals(b.z(), back.z());
        assertNull(remote.blob(new Blob(null, 'a', (short) 0, (byte) 0, 0, 0, false)).data());
    }

    @Test
    void collections() {
        assertEquals(List.of(), remote.list(List.of()));
        assertEquals(Arrays.asList("a", null, "c"), remote.list(Arrays.asList("a", null, "c")));
        assertNull(remote.list(null));
        List<String> big = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            big.add("k" + i);
        }
        assertEquals(big, remote.list(big));

        Map<String, List<Point>> map = new LinkedHashMap<>();
        map.put("one", List.of(new Point(1, 1, "p", Color.RED, List.of(), Optional.empty(), Map.of("t", 3))));
        map.put("none", null);
        map.put(null, List.of());
        Map<String, List<Point>> back = remote.map(map);
        assertEquals(map, back);
        assertEquals(new ArrayList<>(map.keySet()), new ArrayList<>(back.keySet()), "order kept");

        assertEquals(Optional.empty(), remote.optional(Optional.empty()));
        Point p = new Point(3, 4, "o", Color.BLUE, List.of(), Optional.of(""), Map.of());
        assertEquals(Optional.of(p), remote.optional(Optional.of(p)));
        assertNull(remote.optional(null));

        List<Optional<Integer>> nested = Arrays.asList(Optional.of(1), Optional.empty(), null);
        assertEquals(nested, remote.nested(nested));

        List<byte[]> chunks = remote.chunks(Arrays.asList(new byte[] {1}, null, new byte[0]));
        assertArrayEquals(new byte[] {1}, chunks.get(0));
        assertNull(chunks.get(1));
        assertArrayEquals(new byte[0], chunks.get(2));
    }

    @Test
    void manyArgumentsKeepTheirOrder() {
        assertEquals("5|b|-9|3|RED", remote.many(5, "b", -9, new byte[3], Color.RED));
        assertEquals("0|null|0|null|null", remote.many(0, null, 0, null, null));
    }

    @Test
    void statefulCallsReachTheSameInstance() {
        remote.store("k", 42);
        assertEquals(42, remote.load("k"));
        assertEquals(-1, remote.load("other"));
    }

    @Test
    void defaultMethodsRunInTheStubOverRemoteCalls() {
        int before = invoker.calls;
        assertEquals("hello you", remote.greet("you"));
        assertEquals(before + 1, invoker.calls);
    }

    @Test
    void declaredExceptionsComeBackAsTheirOwnType() {
        IOException io = assertThrows(IOException.class, () -> remote.fail("io"));
        assertEquals("disk on fire", io.getMessage());
        assertEquals("bad argument", assertThrows(IllegalArgumentException.class, () -> remote.fail("arg")).getMessage());
        assertEquals("bad state", assertThrows(IllegalStateException.class, () -> remote.fail("state")).getMessage());
        RemoteCallException other = assertThrows(RemoteCallException.class, () -> remote.fail("unknown"));
        assertEquals(EchoCarrier.Unknown.class.getName(), other.remoteType());
        assertEquals(RemoteCallException.Failure.REMOTE_EXCEPTION, other.failure());
        assertTrue(other.getMessage().contains("Carrier.fail") && other.getMessage().contains("loopback"),
                other.getMessage());
    }

    @Test
    void stubAndDispatcherAgreeOnFingerprintAndMethods() {
        RemoteDispatcher d = RemoteKinds.dispatcher(Carrier.class, new EchoCarrier());
        RemoteStub s = (RemoteStub) remote;
        assertEquals(d.fingerprint(), s.mlos$fingerprint());
        assertEquals(d.methods(), s.mlos$methods());
        assertTrue(d.methods().stream().anyMatch(m -> m.name().equals("store") && m.mutates()));
        assertTrue(d.methods().stream().anyMatch(m -> m.name().equals("load") && !m.mutates()));
        assertTrue(d.methods().stream().noneMatch(m -> m.name().equals("greet")), "default methods stay local");
        assertEquals("org.mlos.core.testkinds.Carrier", d.kind());
        assertTrue(RemoteKinds.remoteCapable(Carrier.class));
    }

    @Test
    void aStreamedDefaultMethodRunsWhereTheInstanceIsAndItsItemsComeBackInOrder() {
        java.util.List<Point> got = new java.util.ArrayList<>();
        int before = invoker.calls;
        assertEquals(1000, remote.points("p", got::add, 1000));
        assertEquals(before + 1, invoker.calls, "one call for all the items");
        assertEquals(1000, got.size());
        for (int n = 0; n < 1000; n++) {
            assertEquals("p" + n, got.get(n).label());
            assertEquals(-n, got.get(n).y());
        }
        assertEquals(0, remote.points("none", got::add, 0));
        assertEquals(1000, got.size());
    }

    @Test
    void aDefaultMethodWhoseItemsCannotTravelStaysLocal() {
        int before = invoker.calls;
        assertEquals(false, remote.threads(t -> { }), "the kind's default, run in the stub");
        assertEquals(before, invoker.calls);
    }
}
