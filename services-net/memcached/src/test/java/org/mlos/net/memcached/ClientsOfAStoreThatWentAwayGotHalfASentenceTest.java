package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * Found by an outsider: a front node's clients, once its store node was killed, read
 * {@code SERVER_ERROR no implementation of kind org.mlos.mem.api.KeyValueStore is installed: install
 * a bundle that registers one under … (or configure}: the words for a kind that never had a store,
 * cut at 200 characters mid-sentence, and binary clients read status 0x82, out of memory. They now
 * read which store went away, cut at a word, and binary clients "temporary failure" (0x86).
 */
@Timeout(60)
class ClientsOfAStoreThatWentAwayGotHalfASentenceTest {

    @Test
    void theErrorNamesTheStoreThatWentAwayAndIsCutAtAWord() throws Exception {
        Map<String, KeyValueStore> stores = new HashMap<>();
        try (CacheServer server = new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(), name -> {
            KeyValueStore s = new HeapStore(CacheServer.CAPACITY);
            stores.put(name, s);
            return s;
        }); TextClient client = new TextClient(server.port())) {
            assertEquals("STORED", client.call("set k 0 0 1\r\nv"));
            for (String name : new String[] { "slab", "log", "heap" }) { // heap, serving, last
                server.kernel.uninstall(KeyValueStore.class, name, stores.get(name));
            }

            String line = client.call("get k");

            assertTrue(line.startsWith("SERVER_ERROR no implementation of kind KeyValueStore serves: heap, the last that"
                    + " did, went away (its bundle stopped, or the node it ran on left)"), line);
            String message = line.substring("SERVER_ERROR ".length());
            assertTrue(message.length() <= ErrorText.MAX, message.length() + " characters: " + line);
            assertTrue(message.endsWith("...") && !message.endsWith(" ..."), "cut at a word, and said so: " + line);
            assertTrue(client.call("version").startsWith("VERSION "), "the connection goes on");

            // binary: status "temporary failure", not "out of memory" (0x82), which it was
            try (BinaryClient binary = new BinaryClient(server.port())) {
                BinaryClient.Response r = binary.call(0x00, 0, new byte[0], "k", "");
                assertEquals(0x86, r.status(), new String(r.value(), java.nio.charset.StandardCharsets.US_ASCII));
                assertTrue(new String(r.value(), java.nio.charset.StandardCharsets.US_ASCII)
                        .startsWith("Temporary failure: no implementation of kind KeyValueStore serves: heap,"));
            }
        }
    }
}
