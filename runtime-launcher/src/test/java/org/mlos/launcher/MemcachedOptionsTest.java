package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code mlos run cache} takes memcached's own options and turns them into the node's properties. */
class MemcachedOptionsTest {

    private static Map<String, String> parse(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "cache";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--images";
        all[args.length + 2] = "/images";
        return NodeOptions.parse(all).overrides();
    }

    private static String error(String... args) {
        return assertThrows(NodeOptions.UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void anOperatorsMemcachedLineMapsOneToOne() {
        Map<String, String> p = parse("-p", "11311", "-l", "127.0.0.2", "-m", "32", "-c", "4096", "-I", "512k");
        assertEquals(Map.of("mlos.port", "11311", "mlos.memcached.host", "127.0.0.2",
                "mlos.mem.store.capacity.mb", "32", "mlos.memcached.max.connections", "4096",
                "mlos.memcached.item.max", Long.toString(512L << 10), "mlos.mem.store.item.max", Long.toString(512L << 10)), p);
    }

    /**
     * -I reached the protocol only: the heap store kept its 64 MB in 2 MB segments, so a node of
     * {@code -m 64 -I 4m --set mlos.kind.KeyValueStore=heap} answered a 2 MB set with an
     * out-of-memory error on an empty cache. The stores are told the item limit too.
     */
    @Test
    void theStoresAreToldTheItemLimitToo() {
        assertEquals(Long.toString(4L << 20), parse("-m", "64", "-I", "4m", "--set", "mlos.kind.KeyValueStore=heap")
                .get("mlos.mem.store.item.max"));
        assertEquals("3000000", parse("--set", "mlos.memcached.item.max=3000000", "--set", "mlos.kind.KeyValueStore=lru")
                .get("mlos.mem.store.item.max"));
        assertNull(parse("-m", "64").get("mlos.mem.store.item.max"));
    }

    @Test
    void anItemLimitPastWhatTheLogStoreHoldsIsRefusedAtLaunchSayingWhatToDo() {
        assertTrue(error("-m", "1024", "-I", "6m", "--set", "mlos.kind.KeyValueStore=log")
                .contains("the log store holds items of up to 5 MB (-I 5m)"));
        String tooSmall = error("-m", "12", "-I", "4m", "--set", "mlos.kind.KeyValueStore=log");
        assertTrue(tooSmall.contains("three segments of 4 MB") && tooSmall.contains("raise -m to 13"), tooSmall);
        assertEquals(Long.toString(5L << 20), parse("-m", "64", "-I", "5m", "--set", "mlos.kind.KeyValueStore=log")
                .get("mlos.memcached.item.max"));
    }

    /** The launcher cannot load the log store, so it keeps the store's rule; both must answer alike. */
    @Test
    void theLaunchersLogRuleIsTheLogStoresOwn() {
        long[] items = { 1024, 512L << 10, 1L << 20, (1L << 20) + 1, 2L << 20, 3L << 20, (4L << 20) - 1, 4L << 20,
                5L << 20, (5L << 20) + 1, 6L << 20, 64L << 20 };
        for (long mb = 1; mb <= 200; mb++) {
            for (long item : items) {
                boolean launcher = MemcachedOptions.logRefusal(mb, item) == null;
                boolean store = org.mlos.mem.store.log.LogStore.refusal(mb << 20, item) == null;
                assertEquals(store, launcher, "-m " + mb + " -I " + item);
            }
        }
    }

    @Test
    void getoptsAttachedValuesAndTheLongOptionsToo() {
        assertEquals(parse("-p", "0", "-m", "128", "-c", "10", "-I", "4k", "-l", "localhost"),
                parse("-p0", "-m128", "-c10", "-I4k", "-llocalhost"));
        assertEquals(parse("-p", "0", "-m", "128", "-c", "10", "-I", "4k", "-l", "localhost"),
                parse("--port=0", "--memory-limit=128", "--conn-limit=10", "--max-item-size=4k", "--listen=localhost"));
        assertEquals(Map.of("mlos.port", "7"), parse("--port", "7"));
    }

    @Test
    void itemMaxTakesMemcachedsForms() {
        assertEquals(1L << 20, MemcachedOptions.itemMax("1m"));
        assertEquals(1L << 20, MemcachedOptions.itemMax("1M"));
        assertEquals(512L << 10, MemcachedOptions.itemMax("512k"));
        assertEquals(512L << 10, MemcachedOptions.itemMax("512K"));
        assertEquals(2097152, MemcachedOptions.itemMax("2097152"));
        assertEquals(1024, MemcachedOptions.itemMax("1k"));
        assertEquals(1L << 30, MemcachedOptions.itemMax("1024m"));
    }

    /** A slab item lies in one page of 1 MB: a larger -I let sets fail on an empty cache with an out-of-memory error. */
    @Test
    void anItemLimitPastWhatTheSlabStoreHoldsIsRefusedAtLaunch() {
        assertTrue(error("-I", "2m").contains("the slab store (the cache profiles' default) holds items of up to 1 MB"));
        assertTrue(error("-I", "2m", "--set", "mlos.kind.KeyValueStore=slab").contains("--set mlos.kind.KeyValueStore=heap"));
        assertEquals(Long.toString(2L << 20), parse("-I", "2m", "--set", "mlos.kind.KeyValueStore=heap").get("mlos.memcached.item.max"));
        assertEquals(Long.toString(1L << 20), parse("-I", "1m").get("mlos.memcached.item.max"));
    }

    @Test
    void badValuesAreRefusedSayingWhy() {
        assertTrue(error("-I", "1023").contains("cannot be less than 1024 bytes"));
        assertTrue(error("-I", "1025m").contains("more than a gigabyte"));
        assertTrue(error("-I", "1g").contains("with k or m"));
        assertTrue(error("-I", "m").contains("with k or m"));
        assertTrue(error("-m", "16", "-I", "9m").contains("more than half of -m"));
        assertTrue(error("-m", "0").contains("-m takes a number from 1"));
        assertTrue(error("-m", "lots").contains("-m takes a number, got 'lots'"));
        assertTrue(error("-c", "0").contains("-c takes a number from 1"));
        assertTrue(error("-c", "-5").contains("-c takes a number from 1"));
        assertTrue(error("-p", "65536").contains("-p takes a number from 0 to 65535"));
        assertTrue(error("-p", "x").contains("-p takes a number"));
        assertTrue(error("-l", "127.0.0.1,10.0.0.1").contains("-l takes one address"));
        assertTrue(error("-l", "").contains("-l takes one address"));
        assertTrue(error("-l", "127.0.0.1", "-l", "127.0.0.2").contains("-l given twice ('127.0.0.1' and '127.0.0.2')"));
        assertEquals("-c needs a value", assertThrows(NodeOptions.UsageException.class,
                () -> NodeOptions.parse(new String[] { "cache", "--images", "/i", "-c" })).getMessage());
        assertTrue(error("--no-such-option").contains("unknown option --no-such-option"));
    }

    /** Debian's memcached.conf names -u and -P, an operator's line -t and -U: each refusal says what to do. */
    @Test
    void memcachedsOtherOptionsAreRefusedWithTheReason() {
        assertTrue(error("-U", "0").contains("memcached's -U is not taken here: the node serves no UDP"), error("-U", "0"));
        assertTrue(error("-t", "4").contains("one event loop per processor"));
        assertTrue(error("-t4").contains("memcached's -t4 is not taken here"));
        assertTrue(error("-u", "memcache").contains("start it as that user"));
        assertTrue(error("-d").contains("service manager"));
        assertTrue(error("-P", "/run/memcached.pid").contains("no pid file"));
        assertTrue(error("-vv").contains("send 'verbosity 1' (errors) or 'verbosity 2'"), error("-vv"));
        assertTrue(error("--threads=4").contains("one event loop per processor"));
    }

    @Test
    void theLastWordWinsBetweenAnOptionAndSet() {
        assertEquals("48", parse("-m", "32", "--set", "mlos.mem.store.capacity.mb=48").get("mlos.mem.store.capacity.mb"));
        assertEquals("32", parse("--set", "mlos.mem.store.capacity.mb=48", "-m", "32").get("mlos.mem.store.capacity.mb"));
    }

    @Test
    void listeningBeyondLoopbackWarnsThatThereIsNoAuthentication() {
        String[] base = { "cache", "--images", "/images", "-l" };
        for (String loopback : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]")) {
            assertEquals(List.of(), options(base, loopback).warnings(), loopback);
        }
        for (String open : List.of("0.0.0.0", "10.1.2.3", "::", "cache.example.org")) {
            List<String> w = options(base, open).warnings();
            assertEquals(1, w.size(), open);
            assertTrue(w.get(0).contains(open) && w.get(0).contains("without authentication"), w.get(0));
        }
        assertEquals(List.of(), NodeOptions.parse(new String[] { "cache", "--images", "/i" }).warnings());
        assertEquals(1, NodeOptions.parse(new String[] { "cache", "--images", "/i", "--set",
                "mlos.memcached.host=0.0.0.0" }).warnings().size());
    }

    @Test
    void anAuthFileSilencesTheWarningAndMustExist(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path users = java.nio.file.Files.writeString(dir.resolve("users"), "alice:secret\n");
        NodeOptions o = NodeOptions.parse(new String[] { "cache", "--images", "/i", "-l", "0.0.0.0", "-Y", users.toString() });
        assertEquals(List.of(), o.warnings());
        assertEquals(users.toAbsolutePath().toString(), o.overrides().get("mlos.memcached.auth.file"));
        NodeOptions.UsageException e = org.junit.jupiter.api.Assertions.assertThrows(NodeOptions.UsageException.class,
                () -> NodeOptions.parse(new String[] { "cache", "--images", "/i", "-Y", dir.resolve("missing").toString() }));
        assertTrue(e.getMessage().contains("-Y"), e.getMessage());
    }

    private static NodeOptions options(String[] base, String address) {
        String[] args = java.util.Arrays.copyOf(base, base.length + 1);
        args[base.length] = address;
        return NodeOptions.parse(args);
    }

    @Test
    void otherOptionsAreUnchanged() {
        NodeOptions o = NodeOptions.parse(new String[] { "cache", "--shell", "--exit-when-ready", "--ready-timeout", "5",
                "--images", "/i", "--set", "a=b" });
        assertTrue(o.shell() && o.exitWhenReady());
        assertEquals(5000, o.readyTimeoutMs());
        assertEquals(Map.of("a", "b"), o.overrides());
        assertNull(o.state());
    }
}
