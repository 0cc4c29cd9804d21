package org.mlos.core.testkinds;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Answers every call with its argument. */
public class EchoCarrier implements Carrier {

    /** An exception the kind does not know. */
    public static final class Unknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Unknown(String message) {
            super(message);
        }
    }

    private final Map<String, Long> values = new ConcurrentHashMap<>();

    public boolean z(boolean v) { return v; }
    public byte b(byte v) { return v; }
    public short s(short v) { return v; }
    public char c(char v) { return v; }
    public int i(int v) { return v; }
    public long l(long v) { return v; }
    public float f(float v) { return v; }
    public double d(double v) { return v; }
    public Boolean boxedZ(Boolean v) { return v; }
    public Byte boxedB(Byte v) { return v; }
    public Short boxedS(Short v) { return v; }
    public Character boxedC(Character v) { return v; }
    public Integer boxedI(Integer v) { return v; }
    public Long boxedL(Long v) { return v; }
    public Float boxedF(Float v) { return v; }
    public Double boxedD(Double v) { return v; }
    public String string(String v) { return v; }
    public byte[] bytes(byte[] v) { return v; }
    public Color color(Color v) { return v; }
    public Point point(Point v) { return v; }
    public Blob blob(Blob v) { return v; }
    public List<String> list(List<String> v) { return v; }
    public Map<String, List<Point>> map(Map<String, List<Point>> v) { return v; }
    public Optional<Point> optional(Optional<Point> v) { return v; }
    public List<Optional<Integer>> nested(List<Optional<Integer>> v) { return v; }
    public List<byte[]> chunks(List<byte[]> v) { return v; }

    public String many(int a, String b, long c, byte[] d, Color e) {
        return a + "|" + b + "|" + c + "|" + (d == null ? "null" : d.length) + "|" + e;
    }

    public void store(String key, long value) {
        values.put(key, value);
    }

    public long load(String key) {
        return values.getOrDefault(key, -1L);
    }

    public void fail(String what) throws IOException {
        switch (what) {
            case "io": throw new IOException("disk on fire");
            case "arg": throw new IllegalArgumentException("bad argument");
            case "state": throw new IllegalStateException("bad state");
            default: throw new Unknown("who knows");
        }
    }

    @Override
    public int points(String prefix, java.util.function.Consumer<? super Point> sink, int count) {
        for (int n = 0; n < count; n++) {
            sink.accept(new Point(n, -n, prefix + n, Color.GREEN, List.of(), Optional.empty(), Map.of()));
        }
        return count;
    }

    @Override
    public boolean threads(java.util.function.Consumer<Thread> sink) {
        sink.accept(Thread.currentThread());
        return true;
    }
}
