package org.mlos.cluster.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeKeyFormatter;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.util.DefaultKetamaNodeLocatorConfiguration;

import org.junit.jupiter.api.Test;

/**
 * The ring places keys where a real ketama client does: spymemcached's {@link KetamaNodeLocator}
 * with {@code KETAMA_HASH} and libmemcached's key format, the client a Java user of a multi-node
 * memcached would pick (servers named by the host string they were given, as libmemcached names
 * them). Our own test vectors only showed that the ring agrees with our reading of
 * libketama; a client with the node list must find every key where {@code mlos scale} put it.
 */
class KetamaRingMatchesSpymemcachedTest {

    @Test
    void everyKeyHasTheOwnerSpymemcachedPicks() throws UnknownHostException {
        for (int servers = 1; servers <= 5; servers++) {
            List<String> names = new ArrayList<>();
            List<MemcachedNode> nodes = new ArrayList<>();
            for (int s = 0; s < servers; s++) {
                int port = 21_000 + 7 * s;
                names.add("127.0.0.1:" + port);
                // named as given, as libmemcached names servers: spymemcached's LIBMEMCACHED format
                // takes the address's host name, which for a bare 127.0.0.1 it reverse-resolves
                nodes.add(node(new InetSocketAddress(InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 }), port)));
            }
            KetamaRing ring = KetamaRing.of(names);
            KetamaNodeLocator spy = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH,
                    new DefaultKetamaNodeLocatorConfiguration(
                            new KetamaNodeKeyFormatter(KetamaNodeKeyFormatter.Format.LIBMEMCACHED)));
            for (int k = 0; k < 20_000; k++) {
                String key = (k % 3 == 0 ? "user:" : k % 3 == 1 ? "k" : "session-abcdefghijklmnop:") + k;
                InetSocketAddress a = (InetSocketAddress) spy.getPrimary(key).getSocketAddress();
                assertEquals(a.getHostString() + ":" + a.getPort(), ring.owner(key),
                        "owner of " + key + " among " + servers + " servers");
            }
        }
    }

    /** A node as the locator sees it: only its address is read. */
    private static MemcachedNode node(InetSocketAddress address) {
        return (MemcachedNode) Proxy.newProxyInstance(MemcachedNode.class.getClassLoader(),
                new Class<?>[] { MemcachedNode.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getSocketAddress" -> address;
                    case "toString" -> "node " + address;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
