package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.memcached.RandomRequests.Request;

/**
 * Seeded random meta command sequences ({@link MetaBatches}) sent to a real memcached 1.6 and to
 * this server, pipelined in batches; every reply must be the same bytes.
 *
 * <p>Normalised on purpose: CAS values (by order of appearance, {@code c…} and {@code cas=…});
 * seconds that depend on each server's clock ticking ({@code t…} but {@code t-1}, {@code l…},
 * {@code me}'s {@code exp=…} and {@code la=…}): memcached counts whole seconds of its own uptime,
 * so a reading taken across a tick differs by one, and for an item stored already expired it
 * prints a wrapped negative; the version string that ends each batch.
 */
@Timeout(600)
class MetaDifferentialTest {

    private static final long[] SEEDS = { 5, 20261130, 31337, 99 };
    private static final int COMMANDS = 2_500;
    private static final Pattern CAS_FLAG = Pattern.compile("(?<= )c([0-9]+)(?= |$)");
    private static final Pattern CAS_FIELD = Pattern.compile("(?<= )cas=([0-9]+)(?= |$)");
    private static final Pattern SECONDS = Pattern.compile("(?<= )(t|l|exp=-?|la=)[0-9]+(?= |$)");
    /** Reply codes the sequences must have produced, or the comparison proved little. */
    private static final Set<String> CODES = Set.of("VA", "HD", "EN", "NS", "EX", "NF", "MN", "ME", "W", "Z", "X",
            "STORED", "ERROR", "CLIENT_ERROR", "SERVER_ERROR");

    @Test
    void metaSequencesGetTheSameReplies() throws Exception {
        Set<String> seen = new HashSet<>();
        try (RealMemcached memcached = RealMemcached.start(); CacheServer ours = new CacheServer()) {
            CasBook theirBook = new CasBook();
            CasBook ourBook = new CasBook();
            for (long seed : SEEDS) {
                MetaBatches batches = new MetaBatches(seed);
                try (Peer theirs = new Peer(memcached.port(), theirBook); Peer mine = new Peer(ours.port(), ourBook)) {
                    List<Request> flush = List.of(book -> "flush_all\r\n".getBytes(StandardCharsets.US_ASCII));
                    DifferentialPeer.assertSameReplies(seed, -1, flush, ourBook, theirs.replies(flush), mine.replies(flush));
                    int sent = 0;
                    java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();
                    for (int batch = 0; sent < COMMANDS; batch++) {
                        List<Request> requests = batches.next(theirBook.size());
                        sent += requests.size();
                        String replies = mine.replies(requests);
                        String theirReplies = theirs.replies(requests);
                        if (!theirReplies.equals(replies)) {
                            System.err.println("history:\n" + String.join("", history));
                        }
                        DifferentialPeer.assertSameReplies(seed, batch, requests, ourBook, theirReplies, replies);
                        StringBuilder h = new StringBuilder();
                        for (Request r : requests) {
                            h.append(new String(r.apply(ourBook), StandardCharsets.ISO_8859_1));
                        }
                        history.add(h + "=> " + replies);
                        if (history.size() > 40) {
                            history.removeFirst();
                        }
                        replies.lines().forEach(l -> {
                            String[] words = l.split(" ");
                            if (words[0].matches("[A-Z_]+")) {
                                seen.add(words[0]);
                                for (String w : words) {
                                    if (w.length() == 1) {
                                        seen.add(w);
                                    }
                                }
                            }
                        });
                    }
                }
            }
        }
        assertTrue(seen.containsAll(CODES), "replies seen: " + seen);
    }

    /** One connection to one server, and that server's CAS numbering. */
    private static final class Peer extends DifferentialPeer {

        Peer(int port, CasBook book) throws IOException {
            super(port, book);
        }

        /** The replies to a batch, normalised, up to the VERSION that ends it. */
        String replies(List<Request> requests) throws IOException {
            send(requests, book -> "version\r\n".getBytes(StandardCharsets.US_ASCII));
            StringBuilder replies = new StringBuilder();
            for (String line = line(); !line.startsWith("VERSION "); line = line()) {
                replies.append(normalised(line)).append("\r\n");
                if (line.startsWith("VA ")) {
                    byte[] data = new byte[Integer.parseInt(line.split(" ")[1]) + 2];
                    in.readFully(data);
                    replies.append(new String(data, StandardCharsets.ISO_8859_1));
                } else if (line.startsWith("VALUE ")) {
                    byte[] data = new byte[Integer.parseInt(line.split(" ")[3]) + 2];
                    in.readFully(data);
                    replies.append(new String(data, StandardCharsets.ISO_8859_1));
                }
            }
            return replies.toString();
        }

        private String normalised(String line) {
            line = SECONDS.matcher(line).replaceAll("$1#");
            for (Pattern p : new Pattern[] { CAS_FLAG, CAS_FIELD }) {
                Matcher m = p.matcher(line);
                StringBuilder b = new StringBuilder();
                while (m.find()) {
                    String name = book.name(Long.parseUnsignedLong(m.group(1)));
                    m.appendReplacement(b, Matcher.quoteReplacement(m.group().replace(m.group(1), name)));
                }
                line = m.appendTail(b).toString();
            }
            return line;
        }
    }
}
