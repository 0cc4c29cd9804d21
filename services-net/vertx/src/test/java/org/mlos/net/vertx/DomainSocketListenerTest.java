package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.net.api.Listener;

/** memcached's {@code -s} and {@code -a}: listening on a unix domain socket with a given mode. */
@Timeout(60)
class DomainSocketListenerTest {

    private final VertxNetworkServer server = new VertxNetworkServer(2);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void clientsConnectThroughTheSocketFileAndAreDealtOverEveryEventLoop() throws Exception {
        VertxNetworkServerTest.Echo echo = new VertxNetworkServerTest.Echo();
        Path path = dir.resolve("mc.sock");
        Listener listener = server.listen(path, 0700, echo);
        assertEquals(path, listener.path());
        assertEquals("unix:" + path, listener.host());
        assertEquals(0, listener.port());
        assertEquals(2, listener.threads());
        assertTrue(DomainSocketFile.isSocket(path));
        assertEquals(List.of(path), listFiles(), "no hidden name is left beside it");
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path));
                clients.add(c);
                assertEquals("hello " + i, roundTrip(c, "hello " + i));
            }
            assertEquals(2, echo.threads.size(), "connections dealt over both event loops: " + echo.threads);
            assertEquals(8, listener.accepted());
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
        }
        listener.close();
        assertFalse(Files.exists(path), "the socket file is removed at close");
        assertTrue(server.listeners().isEmpty());
    }

    @Test
    void theSocketFileHasTheModeAskedFor() throws Exception {
        for (int mode : new int[] { 0700, 0770, 0666, 0755 }) {
            Path path = dir.resolve("m" + Integer.toOctalString(mode) + ".sock");
            Listener listener = server.listen(path, mode, new VertxNetworkServerTest.Echo());
            assertEquals(PosixFilePermissions.toString(DomainSocketFile.permissions(mode)),
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), "mode 0" + Integer.toOctalString(mode));
            listener.close();
        }
    }

    @Test
    void aSocketLeftByAServerThatStoppedIsReplaced() throws Exception {
        Path path = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(path)); // a JDK channel leaves its file behind when closed
        }
        assertTrue(Files.exists(path));
        Listener listener = server.listen(path, 0700, new VertxNetworkServerTest.Echo());
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertEquals("ping", roundTrip(c, "ping"));
        }
        listener.close();
    }

    /** A node killed between its bind and its link left its private folder beside the socket for good. */
    @Test
    void theFoldersOfServersKilledBeforeTheirLinkAreRemovedAndAnotherServersKept() throws Exception {
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000);
        Path killed = Files.createDirectory(dir.resolve(".m0badf00d"));
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(killed.resolve("s")));
        }
        Path empty = Files.createDirectory(dir.resolve(".m00000001"));
        Path young = Files.createDirectory(dir.resolve(".m00000002")); // another server's, starting now
        Path live = Files.createDirectory(dir.resolve(".m00000003"));
        Path notOurs = Files.createDirectory(dir.resolve(".mine-too"));
        try (ServerSocketChannel listening = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listening.bind(UnixDomainSocketAddress.of(live.resolve("s")));
            for (Path p : new Path[] { killed, empty, live, notOurs }) {
                Files.setLastModifiedTime(p, old);
            }
            Listener listener = server.listen(dir.resolve("mc.sock"), 0700, new VertxNetworkServerTest.Echo());
            assertFalse(Files.exists(killed), "a dead socket's folder");
            assertFalse(Files.exists(empty), "an empty folder");
            assertTrue(Files.exists(young), "a folder younger than a minute");
            assertTrue(Files.exists(live.resolve("s")), "a socket a server accepts on");
            assertTrue(Files.exists(notOurs), "a name not of the pattern");
            listener.close();
        }
    }

    @Test
    void aSocketAnotherServerListensOnIsNotTakenOver() throws Exception {
        Path path = dir.resolve("live.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));
            IOException e = assertThrows(IOException.class, () -> server.listen(path, 0700, new VertxNetworkServerTest.Echo()));
            assertTrue(e.getMessage().contains("another server listens on it"), e.getMessage());
            assertTrue(Files.exists(path), "the other server's socket is left alone");
        }
        assertTrue(server.listeners().isEmpty());
    }

    /**
     * An outsider's finding: the check that a socket is stale connected blocking, and a server
     * that stopped accepting (its backlog full) held the node's start for good, saying nothing.
     */
    @Test
    @Timeout(20)
    void aServerTooBusyToAcceptIsNotTakenOverNorWaitedFor() throws Exception {
        Path path = dir.resolve("busy.sock");
        List<SocketChannel> queued = new ArrayList<>();
        try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            busy.bind(UnixDomainSocketAddress.of(path), 1); // never accepts
            for (int i = 0; i < 64; i++) { // fill its backlog
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.configureBlocking(false);
                queued.add(c);
                try {
                    if (!c.connect(UnixDomainSocketAddress.of(path))) {
                        break;
                    }
                } catch (IOException full) {
                    break;
                }
            }
            IOException e = assertThrows(IOException.class, () -> server.listen(path, 0700, new VertxNetworkServerTest.Echo()));
            assertTrue(e.getMessage().contains("another server listens on it"), e.getMessage());
            assertTrue(Files.exists(path));
        } finally {
            for (SocketChannel c : queued) {
                c.close();
            }
        }
    }

    /**
     * An outsider's finding: two nodes started at once on a fresh path both said ready, the
     * second having renamed its socket over the first's, which no client could reach any more.
     * One of them must fail, saying why, and the path must reach the one that serves. (Bound in
     * place, where the hidden name is too long, the later one replaces the earlier: Netty's bind
     * removes what is at its path.)
     */
    @Test
    void twoListenersStartedAtOnceOnOnePathLeaveOneServingAndTheOtherToldWhy() throws Exception {
        {
            Path path = dir.resolve("race.sock");
            DomainSocketFile first = DomainSocketFile.prepare(path, 0700);
            DomainSocketFile second = DomainSocketFile.prepare(path, 0700); // both found the path free
            VertxNetworkServerTest.Echo echo = new VertxNetworkServerTest.Echo();
            Listener winner = server.listen(first, 0700, echo);
            VertxNetworkServer otherNode = new VertxNetworkServer(1); // another node: a Vert.x of its own
            IOException e;
            try {
                e = assertThrows(IOException.class, () -> otherNode.listen(second, 0700, new VertxNetworkServerTest.Echo()));
            } finally {
                otherNode.stop();
            }
            assertTrue(e.getMessage().contains("another server made its socket there meanwhile"), e.getMessage());
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                assertEquals("winner", roundTrip(c, "winner"));
            }
            assertEquals(1, winner.accepted(), "the path reaches the listener that serves");
            assertEquals(List.of(winner), server.listeners());
            winner.close();
            assertEquals(List.of(), listFiles().stream().filter(p -> p.getFileName().toString().contains("race")).toList(),
                    "no socket file, hidden or not, is left");
        }
    }

    @Test
    void aSymbolicLinkIsLeftAloneAndSaidSo() throws Exception {
        Path target = dir.resolve("target.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(target));
            Path link = Files.createSymbolicLink(dir.resolve("link.sock"), target);
            IOException e = assertThrows(IOException.class, () -> server.listen(link, 0700, new VertxNetworkServerTest.Echo()));
            assertTrue(e.getMessage().contains("a symbolic link is there"), e.getMessage());
            assertTrue(Files.isSymbolicLink(link) && Files.exists(target));
        }
    }

    @Test
    void aSocketBoundInPlaceGetsItsModeToo() throws Exception {
        Path path = dir.resolve("in-place.sock");
        Listener listener = server.listen(DomainSocketFile.prepare(path, 0770, true), 0770, new VertxNetworkServerTest.Echo());
        assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertEquals(List.of(path), listFiles());
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertEquals("in place", roundTrip(c, "in place"));
        }
        listener.close();
        assertEquals(List.of(), listFiles());
    }

    @Test
    void aFileThatIsNoSocketIsLeftAloneAndSaidSo() throws Exception {
        Path path = dir.resolve("data.txt");
        Files.writeString(path, "keep me");
        IOException e = assertThrows(IOException.class, () -> server.listen(path, 0700, new VertxNetworkServerTest.Echo()));
        assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
        assertEquals("keep me", Files.readString(path));
        IOException folder = assertThrows(IOException.class, () -> server.listen(dir, 0700, new VertxNetworkServerTest.Echo()));
        assertTrue(folder.getMessage().contains("a folder"), folder.getMessage());
    }

    @Test
    void aMissingFolderATooLongPathAndABadModeAreRefusedSayingWhy() {
        IOException noFolder = assertThrows(IOException.class,
                () -> server.listen(dir.resolve("nowhere/mc.sock"), 0700, new VertxNetworkServerTest.Echo()));
        assertTrue(noFolder.getMessage().contains("there is no folder"), noFolder.getMessage());
        IOException tooLong = assertThrows(IOException.class,
                () -> server.listen(dir.resolve("s".repeat(120)), 0700, new VertxNetworkServerTest.Echo()));
        assertTrue(tooLong.getMessage().contains("at most 107"), tooLong.getMessage());
        IOException badMode = assertThrows(IOException.class,
                () -> server.listen(dir.resolve("mc.sock"), 01777, new VertxNetworkServerTest.Echo()));
        assertTrue(badMode.getMessage().contains("0 to 0777"), badMode.getMessage());
        assertTrue(server.listeners().isEmpty());
    }

    @Test
    void aPathTooLongForTheHiddenNameIsBoundInPlace() throws Exception {
        // the private folder's address is the folder's path and 13 bytes: past 107 with a folder of 96
        Path folder = Files.createDirectories(dir.resolve("d".repeat(Math.max(1, 96 - dir.toString().length() - 1))));
        Path path = folder.resolve("s.sock");
        DomainSocketFile file = DomainSocketFile.prepare(path, 0700);
        assertEquals(path, file.bindAt(), "bound in place");
        Listener listener = server.listen(file, 0700, new VertxNetworkServerTest.Echo());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            assertEquals("long", roundTrip(c, "long"));
        }
        listener.close();
        assertFalse(Files.exists(path));
    }

    @Test
    void theSocketIsBoundInAFolderOnlyThisUserMayEnter() throws Exception {
        Path path = dir.resolve("private.sock");
        DomainSocketFile file = DomainSocketFile.prepare(path, 0777);
        assertEquals("s", file.bindAt().getFileName().toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.bindAt().getParent())));
        Listener listener = server.listen(file, 0777, new VertxNetworkServerTest.Echo());
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertEquals(List.of(path), listFiles(), "the private folder is gone once the socket is at its path");
        listener.close();
    }

    @Test
    void aListenerClosedAfterAnotherServerTookThePathLeavesItsSocket() throws Exception {
        for (boolean inPlace : new boolean[] { false, true }) {
            Path path = dir.resolve("moved-" + inPlace + ".sock");
            Listener listener = server.listen(DomainSocketFile.prepare(path, 0700, inPlace), 0700,
                    new VertxNetworkServerTest.Echo());
            Files.delete(path); // an operator removed it, and another server started there
            try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                other.bind(UnixDomainSocketAddress.of(path));
                listener.close();
                assertTrue(Files.exists(path), "in place " + inPlace + ": the other server's socket stays");
                try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                    assertTrue(c.isConnected(), "and still reaches it");
                }
            }
        }
    }

    private List<Path> listFiles() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static String roundTrip(SocketChannel c, String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.US_ASCII);
        c.write(ByteBuffer.wrap(out));
        ByteBuffer in = ByteBuffer.allocate(out.length);
        while (in.hasRemaining()) {
            if (c.read(in) < 0) {
                throw new IOException("closed after " + in.position() + " bytes");
            }
        }
        return new String(in.array(), StandardCharsets.US_ASCII);
    }
}
