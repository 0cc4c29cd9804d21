package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.log.FloodLog;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Found by an auditor: every connection to the member port that spoke another protocol (HTTP,
 * random bytes) cost a warning of Hazelcast's, so 3,000 connections from a script wrote 2,949
 * lines in two seconds. The first of 10 s is now logged as Hazelcast wrote it, and the others are
 * counted into one line ({@link ForeignProtocolLog}).
 */
@Timeout(120)
class AForeignProtocolFloodFilledTheLogTest {

    /** Held: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger CONNECTIONS = java.util.logging.Logger.getLogger(ForeignProtocolLog.CONNECTIONS);

    private static final int STRANGERS = 300;
    private static final Pattern COUNTED = Pattern.compile("Hazelcast closed (\\d+) more connection");

    /** Garbage as a stranger sends it: a web request, a TLS hello, bytes of nothing. */
    private static final List<byte[]> GARBAGE = List.of("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    @Test
    void aFloodOfStrangersIsOneLineAndACount() throws Exception {
        int port = 17300 + (int) (Math.random() * 200);
        MemberSettings s = MemberSettings.from(Map.of("mlos.cluster.port", Integer.toString(port), "mlos.cluster.port.count",
                "5")::get);
        Config c = s.toConfig(getClass().getClassLoader());
        c.setClusterName("foreign-" + System.nanoTime()); // its lines carry it: this member's, not another test's
        c.setInstanceName(c.getClusterName());
        assertEquals("jdk", c.getProperty("hazelcast.logging.type"), "the filter is on Hazelcast's JUL logger");
        java.util.logging.Filter before = CONNECTIONS.getFilter();
        // a clock that stands and no timer: the period ends with the member, not in a window of the test's run time
        ForeignProtocolLog watch = ForeignProtocolLog.watch(c, () -> 0L, FloodLog.Timer.NONE);
        List<String> hazelcasts = new CopyOnWriteArrayList<>();
        List<String> ours = new CopyOnWriteArrayList<>();
        Handler hz = catcher(hazelcasts);
        Handler summary = catcher(ours);
        CONNECTIONS.addHandler(hz);
        Logger mine = Logger.getLogger(ForeignProtocolLog.class.getName());
        mine.addHandler(summary);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(c);
        long seen;
        try {
            int memberPort = member.getCluster().getLocalMember().getAddress().getPort();
            for (int i = 0; i < STRANGERS; i++) {
                speakGarbage(memberPort, GARBAGE.get(i % GARBAGE.size()));
            }
            // Not every stranger gets a line: one whose close Hazelcast reads before it fails the
            // protocol is "closed by the other side", said at a level below the log's (~1 in 10 here).
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (watch.seen() < STRANGERS / 2 && System.nanoTime() < end) {
                Thread.sleep(20); // Hazelcast writes its line as it closes, maybe after our end saw the close
            }
            // Hazelcast's other words of its connections pass as they are
            LogRecord other = new LogRecord(Level.WARNING, "[127.0.0.1]:" + memberPort + " [" + c.getClusterName()
                    + "] [5.7.0] Connection[id=1, /127.0.0.1:5701->/127.0.0.1:5702, …] closed. Reason: Connection reset");
            CONNECTIONS.log(other);
            assertTrue(hazelcasts.contains(other.getMessage()), hazelcasts.toString());
        } finally {
            member.shutdown(); // every line written by now; its watch ends, telling what it counted
            seen = watch.seen();
            CONNECTIONS.removeHandler(hz);
            mine.removeHandler(summary);
        }
        assertSame(before, CONNECTIONS.getFilter(), "the member's stop removed the filter");
        assertTrue(seen >= STRANGERS / 2, seen + " of " + STRANGERS + " strangers got a line of Hazelcast's");

        List<String> foreign = hazelcasts.stream().filter(l -> l.contains("Unsupported protocol exchange detected")).toList();
        assertEquals(1, foreign.size(), "the first as Hazelcast wrote it, alone: " + first(foreign));
        assertTrue(foreign.get(0).contains("[" + c.getClusterName() + "]"), foreign.get(0));
        long counted = 0;
        for (String l : ours) {
            Matcher m = COUNTED.matcher(l);
            assertTrue(m.find(), l);
            counted += Long.parseLong(m.group(1));
            assertTrue(l.contains("(the last from /127.0.0.1:"), l);
        }
        assertEquals(1, ours.size(), "one period, one summary: " + ours);
        assertEquals(seen - 1, counted, "every other stranger counted, none lost: " + ours);
    }

    @Test
    void theFilterStaysWhileAnyMemberOfTheJvmRuns() {
        java.util.logging.Filter before = CONNECTIONS.getFilter();
        ForeignProtocolLog a = ForeignProtocolLog.watch(new Config().setClusterName("a"));
        java.util.logging.Filter ours = CONNECTIONS.getFilter();
        ForeignProtocolLog b = ForeignProtocolLog.watch(new Config().setClusterName("b"));
        a.close();
        assertSame(ours, CONNECTIONS.getFilter(), "b still runs");
        b.close();
        b.close();
        assertSame(before, CONNECTIONS.getFilter(), "the last one out put back what was there");
    }

    /** Connects, sends the bytes, reads the member's answer ({@code HZX}: wrong protocol) or its close, and closes. */
    private static void speakGarbage(int port, byte[] bytes) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = s.getInputStream();
            try {
                in.readNBytes(3);
            } catch (java.net.SocketException reset) {
                // closed with a reset: closed all the same
            }
        }
    }

    private static String first(List<String> lines) {
        return lines.isEmpty() ? "none" : lines.get(0) + " … " + lines.size() + " lines";
    }

    private static Handler catcher(List<String> into) {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                into.add(r.getMessage() + (r.getThrown() == null ? "" : " | " + r.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
