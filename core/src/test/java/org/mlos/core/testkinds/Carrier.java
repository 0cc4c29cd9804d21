package org.mlos.core.testkinds;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** A remote kind carrying every type the wire supports, for codec round trips. */
@Kind(remote = true)
public interface Carrier {

    enum Color { RED, GREEN, BLUE }

    record Point(int x, long y, String label, Color color, List<Point> children, Optional<String> note,
            Map<String, Integer> tags) {
    }

    record Blob(byte[] data, char c, short s, byte b, float f, double d, boolean z) {
    }

    boolean z(boolean v);

    byte b(byte v);

    short s(short v);

    char c(char v);

    int i(int v);

    long l(long v);

    float f(float v);

    double d(double v);

    Boolean boxedZ(Boolean v);

    Byte boxedB(Byte v);

    Short boxedS(Short v);

    Character boxedC(Character v);

    Integer boxedI(Integer v);

    Long boxedL(Long v);

    Float boxedF(Float v);

    Double boxedD(Double v);

    String string(String v);

    byte[] bytes(byte[] v);

    Color color(Color v);

    Point point(Point v);

    Blob blob(Blob v);

    List<String> list(List<String> v);

    Map<String, List<Point>> map(Map<String, List<Point>> v);

    Optional<Point> optional(Optional<Point> v);

    List<Optional<Integer>> nested(List<Optional<Integer>> v);

    List<byte[]> chunks(List<byte[]> v);

    String many(int a, String b, long c, byte[] d, Color e);

    @Mutates
    void store(@Key String key, long value);

    long load(String key);

    /** Throws the exception its argument names: io, arg, state, unknown. */
    void fail(String what) throws IOException;

    default String greet(String name) {
        return "hello " + string(name);
    }

    /**
     * Passes {@code count} points labelled {@code prefix0, prefix1, …} to the sink and returns how
     * many; the default passes none: a streamed default method, run where the instance is.
     */
    default int points(String prefix, java.util.function.Consumer<? super Point> sink, int count) {
        return -1;
    }

    /** A default whose sink's type cannot travel: it stays a local default of the stub. */
    default boolean threads(java.util.function.Consumer<Thread> sink) {
        return false;
    }
}
