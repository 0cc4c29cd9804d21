package org.mlos.cluster.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which server of a multi-node cache owns a key: the libketama consistent-hash ring (last.fm's
 * libketama, which libmemcached's weighted ketama with equal weights and spymemcached's
 * {@code KetamaNodeLocator} with {@code KETAMA_HASH} follow). Each server {@code host:port} gets
 * {@value #POINTS_PER_SERVER} points: for {@code i} in 0..39 the MD5 of {@code "host:port-i"}
 * gives four 32-bit points (little-endian words of the digest). A key's hash is the first such
 * word of the MD5 of its bytes; its owner is the server of the first point at or after it,
 * wrapping round. Removing a server moves only the keys it owned; adding one takes about
 * 1/n of the keys from the others.
 *
 * <p>A cache node's key is placed by what its clients compute, so {@code mlos scale} re-homes the
 * keys of a node that leaves to the owners this ring names without it, and a ketama client given
 * the same server list (the memcached endpoints of the profile's nodes, as {@code mlos nodes}
 * lists them) finds them there.
 *
 * @since 1.3
 */
public final class KetamaRing {

    /** Points per server, as libketama places them (40 digests, 4 points each). */
    public static final int POINTS_PER_SERVER = 160;

    private final List<String> servers;
    private final long[] points;
    private final String[] owners;

    private KetamaRing(List<String> servers) {
        this.servers = List.copyOf(servers);
        long[] p = new long[servers.size() * POINTS_PER_SERVER];
        String[] o = new String[p.length];
        // two servers' points may coincide: break the tie by name, so the owner does not depend on
        // the order the servers were listed in
        Integer[] order = new Integer[p.length];
        int n = 0;
        for (int s = 0; s < servers.size(); s++) {
            for (int i = 0; i < POINTS_PER_SERVER / 4; i++) {
                byte[] d = md5(servers.get(s) + "-" + i);
                for (int h = 0; h < 4; h++) {
                    p[n] = word(d, h);
                    o[n] = servers.get(s);
                    order[n] = n;
                    n++;
                }
            }
        }
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Long.compare(p[a], p[b]) : o[a].compareTo(o[b]));
        this.points = new long[p.length];
        this.owners = new String[p.length];
        for (int i = 0; i < order.length; i++) {
            points[i] = p[order[i]];
            owners[i] = o[order[i]];
        }
    }

    /**
     * The ring of these servers, each {@code host:port}.
     *
     * @throws IllegalArgumentException if a server is blank or named twice
     */
    public static KetamaRing of(Collection<String> servers) {
        TreeSet<String> seen = new TreeSet<>();
        for (String s : servers) {
            if (s == null || s.isBlank() || s.indexOf(':') < 0) {
                throw new IllegalArgumentException("a ring's server is host:port, not '" + s + "'");
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("server " + s + " is named twice");
            }
        }
        return new KetamaRing(new ArrayList<>(servers));
    }

    /** The servers, in the order given. */
    public List<String> servers() {
        return servers;
    }

    public boolean isEmpty() {
        return servers.isEmpty();
    }

    /**
     * The server that owns {@code key} (its bytes as memcached sees them: ISO-8859-1).
     *
     * @throws IllegalStateException if the ring has no server
     */
    public String owner(String key) {
        if (points.length == 0) {
            throw new IllegalStateException("the ring has no server");
        }
        long h = hash(key);
        int lo = 0;
        int hi = points.length;
        while (lo < hi) { // the first point >= h
            int mid = (lo + hi) >>> 1;
            if (points[mid] < h) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return owners[lo == points.length ? 0 : lo];
    }

    /** A key's point on the ring: the first little-endian word of its MD5, unsigned. */
    public static long hash(String key) {
        return word(md5Bytes(key.getBytes(StandardCharsets.ISO_8859_1)), 0);
    }

    private static long word(byte[] d, int h) {
        return ((long) (d[3 + h * 4] & 0xFF) << 24) | ((d[2 + h * 4] & 0xFF) << 16) | ((d[1 + h * 4] & 0xFF) << 8)
                | (d[h * 4] & 0xFF);
    }

    private static byte[] md5(String s) {
        return md5Bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] md5Bytes(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    @Override
    public String toString() {
        return "ketama" + servers;
    }
}
