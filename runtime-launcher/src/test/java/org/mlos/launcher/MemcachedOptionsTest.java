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

    static Map<String, String> parse(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "cache";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--images";
        all[args.length + 2] = "/images";
        return NodeOptions.parse(all).overrides();
    }

    static String error(String... args) {
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
                boolean launcher = StoreLimits.logRefusal(mb, item, "--set mlos.kind.KeyValueStore") == null;
                boolean store = org.mlos.mem.store.log.LogStore.refusal(mb << 20, item) == null;
                assertEquals(store, launcher, "-m " + mb + " -I " + item);
            }
        }
    }

    /**
     * An outside tester's report: {@code -m 100000} passed the options and ended the start on
     * "Service factory returned null", the slab store's reason only in a line above it.
     */
    @Test
    void aCapacityPastWhatTheSlabStoreHoldsIsRefusedAtLaunchSayingWhatToDo() {
        String e = error("-m", "100000");
        assertTrue(e.contains("-m 100000: the slab store") && e.contains("at most 65793 MB")
                && e.contains("--set mlos.kind.KeyValueStore=log or =heap"), e);
        assertEquals("65793", parse("-m", "65793").get("mlos.mem.store.capacity.mb"));
        assertTrue(error("-m", "65794").contains("at most 65793 MB"));
        assertEquals("100000", parse("-m", "100000", "--set", "mlos.kind.KeyValueStore=log").get("mlos.mem.store.capacity.mb"));
        assertTrue(error("-m", "1").contains("-m 1: the slab store (the cache profiles' default) needs at least 2 MB"));
        // a profile whose store is not the slab store by default (services: heap) is not held to its limits
        assertEquals("100000", NodeOptions.parse(new String[] { "services", "-m", "100000", "--images", "/images" })
                .overrides().get("mlos.mem.store.capacity.mb"));
    }

    /**
     * The launcher cannot load the slab store either: its largest capacity is the store's own (a
     * store is made without its memory, which it takes a page at a time as items come).
     */
    @Test
    void theLaunchersSlabLimitIsTheSlabStoresOwn() {
        new org.mlos.mem.store.slab.SlabStore(StoreLimits.SLAB_MAX_MB << 20).flushAll(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new org.mlos.mem.store.slab.SlabStore((StoreLimits.SLAB_MAX_MB + 1) << 20));
        assertTrue(e.getMessage().contains("at most " + StoreLimits.SLAB_MAX_MB + " MB (65536 pages of 1 MB + 4 KB), asked for "
                + (StoreLimits.SLAB_MAX_MB + 1) + " MB"), e.getMessage());
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
        assertTrue(error("-I", "2m").contains("-I 2m: the slab store (the cache profiles' default) holds items of up to 1 MB"));
        assertTrue(error("-I", "2m", "-m", "2", "--set", "mlos.kind.KeyValueStore=heap").startsWith("-I 2m is more than half of -m 2"));
        assertTrue(error("-I", "1025k", "-m", "2", "--set", "mlos.kind.KeyValueStore=heap").startsWith("-I 1025k is more"));
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

    /**
     * An outside tester's report: Debian's memcached.conf (less its -d, which Debian's own wrapper
     * drops) and common Docker lines failed to start a node, each on the first option it did not
     * take. Those the node honours are taken now.
     */
    @Test
    void commonMemcachedLinesStartTheNode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path run) {
        String me = System.getProperty("user.name");
        String pid = run.resolve("memcached.pid").toString();
        Map<String, String> debian = parse("-m", "64", "-p", "11211", "-u", me, "-l", "127.0.0.1", "-P", pid);
        assertEquals(Map.of("mlos.mem.store.capacity.mb", "64", "mlos.port", "11211", "mlos.memcached.host", "127.0.0.1",
                "mlos.pid.file", pid), debian);
        assertEquals(Map.of("mlos.net.event.loops", "4", "mlos.memcached.verbosity", "1"),
                parse("-t", "4", "-o", "modern", "-v", "-U", "0"));
        assertEquals(Map.of("mlos.mem.store.capacity.mb", "1024", "mlos.memcached.max.connections", "4096",
                "mlos.net.event.loops", "8", "mlos.memcached.verbosity", "2"),
                parse("-m", "1024", "-c", "4096", "-t", "8", "-vv", "-o", "maxconns_fast,no_lru_maintainer"));
    }

    @Test
    void whatTheNodeDoesForRealSetsTheProperty(@org.junit.jupiter.api.io.TempDir java.nio.file.Path run) {
        assertEquals(Map.of("mlos.memcached.shutdown", "true"), parse("-A"));
        assertEquals(Map.of("mlos.memcached.shutdown", "true"), parse("--enable-shutdown"));
        for (Map<String, String> p : List.of(parse("-t", "3"), parse("-t3"), parse("--threads=3"), parse("--threads", "3"))) {
            assertEquals(Map.of("mlos.net.event.loops", "3"), p);
        }
        assertEquals(Map.of("mlos.net.accept.backlog", "2048"), parse("-b", "2048"));
        assertEquals(Map.of("mlos.net.accept.backlog", "64"), parse("--listen-backlog=64"));
        assertEquals("1", parse("-v").get("mlos.memcached.verbosity"));
        assertEquals("1", parse("--verbose").get("mlos.memcached.verbosity"));
        assertEquals("2", parse("-vv").get("mlos.memcached.verbosity"));
        assertEquals("2", parse("-v", "-v").get("mlos.memcached.verbosity"), "memcached counts each -v");
        assertEquals("2", parse("-v", "--verbose").get("mlos.memcached.verbosity"));
        String pid = run.resolve("node.pid").toString();
        assertEquals(Map.of("mlos.pid.file", pid), parse("--pidfile=" + pid));
        assertEquals(Map.of("mlos.pid.file", pid), parse("-P" + pid));
        assertEquals(java.nio.file.Path.of("x.pid").toAbsolutePath().toString(), parse("-P", "x.pid").get("mlos.pid.file"),
                "relative to where it was started, as memcached takes it");
    }

    /** Each of these asks for what the node does anyway: taken, and nothing set. */
    @Test
    void whatTheNodeDoesAnywayIsANoOp() {
        assertEquals(Map.of(), parse("-U", "0", "--udp-port=0", "-u", System.getProperty("user.name"), "-B", "auto",
                "--protocol=auto", "-f", "1.25", "-W", "--disable-watch"));
        assertEquals(Map.of(), parse("-o", "modern,maxconns_fast,no_lru_maintainer,no_slab_reassign,lru_crawler,"
                + "no_drop_privileges,idle_timeout=0,inline_ascii_resp,no_inline_ascii_resp"));
        assertEquals(Map.of(), parse("--extended=modern", "-omodern"));
    }

    /** Debian's memcached.conf names -u and -P, an operator's line -t and -U: each refusal says what to do. */
    @Test
    void whatTheNodeCannotHonourIsRefusedWithTheReason() {
        assertTrue(error("-U", "11211").contains("memcached's -U 11211 is not taken here: the node serves no UDP"),
                error("-U", "11211"));
        String user = error("-u", "no-such-user-" + System.getProperty("user.name"));
        assertTrue(user.contains("runs as the user who starts it (" + System.getProperty("user.name") + ")")
                && user.contains("start it as no-such-user-"), user);
        assertTrue(error("-vvv").contains("memcached's -vvv is not taken here: the node logs at most what -vv asks"),
                error("-vvv"));
        assertTrue(error("-vv", "-v").contains("-vvv is not taken here"), error("-vv", "-v"));
        assertTrue(error("--verbose=2").contains("--verbose takes no value"), error("--verbose=2"));
        assertTrue(error("--enable-shutdown=yes").contains("--enable-shutdown takes no value"));
        assertTrue(error("-B", "ascii").contains("cannot refuse either; leave -B out or give -B auto"));
        assertTrue(error("-B", "udp").contains("-B takes ascii, binary or auto"));
        assertTrue(error("-f", "1.5").contains("grow by 1.25"));
        assertTrue(error("-f", "1").contains("must be greater than 1"));
        String o = error("-o", "modern,hashpower=20,ext_path=/mnt/x:1G");
        assertTrue(o.startsWith("memcached's -o modern,hashpower=20,ext_path=/mnt/x:1G is not taken here: hashpower=20 (")
                && o.contains("ext_path=/mnt/x:1G (no external storage") && o.endsWith("leave those out"), o);
        assertTrue(error("-o", "no_lru_crawler").contains("send 'lru_crawler disable'"));
        assertTrue(error("-o", "idle_timeout=600").contains("closes no idle connection"));
        assertTrue(error("-t", "0").contains("-t takes a number from 1"));
        assertTrue(error("-b", "x").contains("-b takes a number"));
        assertTrue(error("-P", "/no/such/folder/memcached.pid").contains("no folder /no/such/folder"));
        assertTrue(error("-d").contains("service manager"));
        assertTrue(error("-M").contains("always evict"));
        assertTrue(error("-R", "20").contains("in one turn"));
        assertTrue(error("-R20").contains("memcached's -R20 is not taken here"));
        assertTrue(error("-Ad").contains("give memcached's flags one at a time (-A -d, not -Ad)"), error("-Ad"));
        assertTrue(error("-X").contains("stats cachedump"));
        assertTrue(error("-S").contains("give -Y instead"));
    }

    /**
     * Every option memcached 1.6.18 takes (its getopt string and long options) is taken, or refused
     * with a reason: none is an "unknown option", which says nothing of what to do.
     */
    @Test
    void noMemcachedOptionIsUnknown() {
        String shortOptions = "a:AZp:s:U:m:Mc:khiVrvdl:u:P:f:n:t:D:LR:Cb:B:I:SFXWY:e:o:N:";
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < shortOptions.length(); i++) {
            words.add("-" + shortOptions.charAt(i));
            if (i + 1 < shortOptions.length() && shortOptions.charAt(i + 1) == ':') {
                i++;
            }
        }
        words.addAll(List.of("--unix-mask", "--enable-shutdown", "--enable-ssl", "--port", "--unix-socket", "--udp-port",
                "--memory-limit", "--disable-evictions", "--conn-limit", "--lock-memory", "--license", "--version",
                "--enable-coredumps", "--verbose", "--daemon", "--listen", "--user", "--pidfile", "--slab-growth-factor",
                "--slab-min-size", "--threads", "--enable-largepages", "--max-reqs-per-event", "--disable-cas",
                "--listen-backlog", "--protocol", "--max-item-size", "--enable-sasl", "--disable-flush-all",
                "--disable-dumping", "--disable-watch", "--auth-file", "--memory-file", "--extended", "--napi-ids"));
        for (String w : words) {
            if (w.equals("-h") || w.equals("-V") || w.equals("--version")) {
                continue; // mlos run -h prints the help and -V the version, as memcached's do (Main, before any parsing)
            }
            boolean known = MemcachedOptions.name(w) != null || MemcachedOptions.unsupported(w) != null;
            assertTrue(known, w + " is an unknown option");
        }
    }

    /**
     * memcached's -s and -a were refused ("TCP only"), so an operator's unix-socket line (PHP on the
     * same host: {@code -s /run/memcached/memcached.sock -a 0770}) could not carry over.
     */
    @Test
    void aUnixSocketAndItsMaskAreTakenForTheStandaloneNode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String socket = dir.resolve("memcached.sock").toString();
        Map<String, String> p = NodeOptions.parse(new String[] { "cache-standalone", "-s", socket, "-a", "0770", "--images",
                "/images" }).overrides();
        assertEquals(socket, p.get("mlos.memcached.socket"));
        assertEquals("770", p.get("mlos.memcached.socket.mask"));
        Map<String, String> longForms = NodeOptions.parse(new String[] { "cache-standalone", "--unix-socket=" + socket,
                "--unix-mask=700", "--images", "/images" }).overrides();
        assertEquals(socket, longForms.get("mlos.memcached.socket"));
        assertEquals("700", longForms.get("mlos.memcached.socket.mask"));
        assertEquals("770", parse("-a770").get("mlos.memcached.socket.mask"));
        // memcached binds no address with -s: no warning about one beyond loopback
        assertEquals(List.of(), NodeOptions.parse(new String[] { "cache-standalone", "-s", socket, "-l", "0.0.0.0",
                "--images", "/images" }).warnings());
    }

    @Test
    void aUnixSocketIsRefusedWhereItCannotServeSayingWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String socket = dir.resolve("memcached.sock").toString();
        String cluster = error("-s", socket);
        assertTrue(cluster.contains("a cache node is a cluster member") && cluster.contains("run cache-standalone with -s"),
                cluster);
        String noFolder = assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-s", "/no/such/folder/m.sock", "--images", "/i" })).getMessage();
        assertTrue(noFolder.contains("there is no folder /no/such/folder"), noFolder);
        String tooLong = assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-s", dir.resolve("s".repeat(110)).toString(), "--images", "/i" })).getMessage();
        assertTrue(tooLong.contains("at most 107"), tooLong);
        java.nio.file.Path file = dir.resolve("data.txt");
        String notASocket = assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-s", java.nio.file.Files.writeString(file, "keep").toString(), "--images", "/i" }))
                .getMessage();
        assertTrue(notASocket.contains("a file that is not a socket is there"), notASocket);
        String folder = assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-s", dir.toString(), "--images", "/i" })).getMessage();
        assertTrue(folder.contains("a folder is there"), folder);
        // the mlos script puts --images last: -s last on the line has no value, and says so
        assertEquals("-s needs a value", assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-s", "--images", "/i" })).getMessage());
        String comma = assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-s", dir.resolve("a,b.sock").toString(), "--images", "/i" })).getMessage();
        assertTrue(comma.contains("no spaces or commas"), comma);
        for (String bad : List.of("800", "1777", "rw-", "")) {
            assertTrue(error("-a", bad).contains("-a takes the unix socket's permission bits in octal, 0 to 777"), bad);
        }
    }

    /** memcached's -Z was refused ("put a TLS proxy in front"): an operator's TLS line now carries over. */
    @Test
    void tlsAndItsSslItemsAreTaken(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), CERT_PEM).toString();
        String key = java.nio.file.Files.writeString(dir.resolve("key.pem"), KEY_PEM).toString();
        String ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), CERT_PEM).toString();
        Map<String, String> p = parse("-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_key=" + key + ",ssl_ca_cert=" + ca
                + ",ssl_verify_mode=2,ssl_min_version=3,ssl_keyformat=1,ssl_session_cache,ssl_wbuf_size=16,modern");
        assertEquals(Map.of("mlos.memcached.tls", "true", "mlos.memcached.tls.cert", cert, "mlos.memcached.tls.key", key,
                "mlos.memcached.tls.ca", ca, "mlos.memcached.tls.verify", "2", "mlos.memcached.tls.min.version", "3"), p);
        assertEquals("tlsv1.3", parse("-o", "ssl_min_version=tlsv1.3").get("mlos.memcached.tls.min.version"));
        // OpenSSL's cipher list as memcached's getsubopt hands it over: up to the next comma
        assertEquals("HIGH:!aNULL:!MD5", parse("-o", "ssl_ciphers=HIGH:!aNULL:!MD5").get("mlos.memcached.tls.ciphers"));
        assertEquals("true", parse("--enable-ssl", "-o", "ssl_chain_cert=" + cert).get("mlos.memcached.tls"));
        // client certificates required are authentication, as -Y is: no warning beyond loopback
        String[] mtls = { "cache", "--images", "/i", "-l", "0.0.0.0", "-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_ca_cert="
                + ca + ",ssl_verify_mode=2" };
        assertEquals(List.of(), NodeOptions.parse(mtls).warnings());
        String[] tlsOnly = { "cache", "--images", "/i", "-l", "0.0.0.0", "-Z", "-o", "ssl_chain_cert=" + cert };
        assertEquals(1, NodeOptions.parse(tlsOnly).warnings().size(), "TLS alone authenticates no client");
    }

    @Test
    void tlsThatCannotServeIsRefusedSayingWhatToDo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), CERT_PEM).toString();
        assertTrue(error("-Z").contains("-Z needs the server's certificate chain"), error("-Z"));
        String noCa = error("-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_verify_mode=1");
        assertTrue(noCa.contains("give -o ssl_ca_cert=<PEM file>"), noCa);
        assertTrue(error("-Z", "-o", "ssl_chain_cert=/no/such.pem").contains("no readable file there"));
        assertTrue(error("-o", "ssl_verify_mode=4").contains("ssl_verify_mode is 0"));
        String tls11 = error("-o", "ssl_min_version=1");
        assertTrue(tls11.startsWith("-o ssl_min_version=1: that would take TLS 1.1, which the JDK refuses"), tls11);
        assertTrue(!tls11.contains("leave it out"), "a value to change, not a setting to drop: " + tls11);
        String named = error("-o", "ssl_min_version=tlsv1.1");
        assertTrue(named.contains("-o ssl_min_version=tlsv1.1: ssl_min_version is memcached's number, 2 (TLS 1.2) or 3"),
                named);
        String ciphers = error("-o", "ssl_ciphers=");
        assertTrue(ciphers.startsWith("-o ssl_ciphers=: ssl_ciphers is OpenSSL's cipher list for TLS 1.2"), ciphers);
        assertEquals(1, ciphers.split("leave it out", -1).length - 1, "said once: " + ciphers);
        assertTrue(error("-o", "ssl_kernel_tls").contains("does not hand TLS to the kernel"));
        assertTrue(error("-o", "ssl_keyformat=2").contains("PEM files only"));
        assertTrue(error("--enable-ssl=yes").contains("--enable-ssl takes no value"), error("--enable-ssl=yes"));
        String socket = assertThrows(NodeOptions.UsageException.class, () -> NodeOptions.parse(new String[] {
                "cache-standalone", "-Z", "-o", "ssl_chain_cert=" + cert, "-s", dir.resolve("m.sock").toString(), "--images",
                "/i" })).getMessage();
        assertTrue(socket.contains("-Z is for the TCP port"), socket);
    }

    /** A key that would fail every handshake was taken at launch; the node then exited 3, "cannot listen". */
    @Test
    void aTlsFileWithoutItsPemBlockIsRefusedAtLaunch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String cert = java.nio.file.Files.writeString(dir.resolve("cert.pem"), CERT_PEM).toString();
        String key = java.nio.file.Files.writeString(dir.resolve("key.pem"), KEY_PEM).toString();
        String encrypted = java.nio.file.Files.writeString(dir.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----\n").toString();
        String keyAsCert = error("-Z", "-o", "ssl_chain_cert=" + key);
        assertTrue(keyAsCert.contains("ssl_chain_cert=" + key + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it"),
                keyAsCert);
        String certAsKey = error("-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_key=" + cert);
        assertTrue(certAsKey.contains("ssl_key=" + cert + ": no PEM private key"), certAsKey);
        String certAsCa = error("-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_ca_cert=" + key);
        assertTrue(certAsCa.contains("ssl_ca_cert=" + key + ": no PEM certificate"), certAsCa);
        String enc = error("-Z", "-o", "ssl_chain_cert=" + cert + ",ssl_key=" + encrypted);
        assertTrue(enc.contains("the key is encrypted, and the node asks no passphrase"), enc);
    }

    /**
     * memcached looks at the files only with -Z, and stats settings prints them as given: a
     * relative path came out absolute, and a line without -Z naming a file not there was refused.
     */
    @Test
    void withoutTlsTheSslFilesAreTakenAsGivenUnread() {
        Map<String, String> p = parse("-o", "ssl_chain_cert=certs/missing.pem,ssl_key=../k.pem,ssl_ca_cert=/no/ca.pem");
        assertEquals("certs/missing.pem", p.get("mlos.memcached.tls.cert"));
        assertEquals("../k.pem", p.get("mlos.memcached.tls.key"));
        assertEquals("/no/ca.pem", p.get("mlos.memcached.tls.ca"));
    }

    @Test
    void withTlsARelativeFileIsReadFromTheWorkingFolderAndKeptAsGiven() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of(""), "tls-rel");
        try {
            String cert = dir.getFileName() + "/cert.pem";
            java.nio.file.Files.writeString(java.nio.file.Path.of(cert), CERT_PEM);
            assertEquals(cert, parse("-Z", "-o", "ssl_chain_cert=" + cert).get("mlos.memcached.tls.cert"));
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("cert.pem"));
            java.nio.file.Files.delete(dir);
        }
    }

    private static final String CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

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
        List<String> open = new java.util.ArrayList<>(List.of("0.0.0.0", "::", "cache.example.org"));
        thisMachinesOwnBeyondLoopback().ifPresent(open::add);
        for (String host : open) {
            List<String> w = options(base, host).warnings();
            assertEquals(1, w.size(), host);
            assertTrue(w.get(0).contains(host) && w.get(0).contains("without authentication"), w.get(0));
        }
        // an address this machine does not have: the node cannot listen there, and says so itself;
        // unless it may bind addresses it lacks (a floating address), and then would serve there
        boolean nonlocalBind;
        try {
            nonlocalBind = !java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_nonlocal_bind")).trim()
                    .equals("0");
        } catch (java.io.IOException e) {
            nonlocalBind = true;
        }
        assertEquals(nonlocalBind ? 1 : 0, options(base, "192.0.2.1").warnings().size());
        assertEquals(List.of(), NodeOptions.parse(new String[] { "cache", "--images", "/i" }).warnings());
        assertEquals(1, NodeOptions.parse(new String[] { "cache", "--images", "/i", "--set",
                "mlos.memcached.host=0.0.0.0" }).warnings().size());
    }

    /** An IPv4 address of one of this machine's interfaces other than loopback, if it has one. */
    private static java.util.Optional<String> thisMachinesOwnBeyondLoopback() {
        try {
            return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                    .map(java.net.InetAddress::getHostAddress).findFirst();
        } catch (java.net.SocketException e) {
            return java.util.Optional.empty();
        }
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
