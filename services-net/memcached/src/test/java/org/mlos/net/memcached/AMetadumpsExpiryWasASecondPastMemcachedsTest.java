package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlos.net.memcached.StatsParityTest.exchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An outsider's differential trial: after {@code set a 0 100 1}, {@code lru_crawler metadump all}
 * gave {@code exp} 101 seconds past {@code la} on ours (4 runs of 4), 100 on memcached 1.6.18;
 * {@code memcached-tool … dump} turned it into an expiry a second later. The expiry second was
 * rounded up from the item's millisecond expiry; memcached counts both on one clock of whole seconds.
 * ({@code admin.AnItemStoredBetweenTwoSecondsDumpedItsExpiryASecondLateTest} pins the rounding.)
 */
@Timeout(60)
class AMetadumpsExpiryWasASecondPastMemcachedsTest {

    private static final Pattern EXP_LA = Pattern.compile(" exp=(-?\\d+) la=(\\d+) ");

    @Test
    void expMinusLaIsTheTtlGivenAsOnMemcached() throws Exception {
        String requests = "set a 0 100 1\r\nx\r\nset b 0 7 1\r\nx\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            server.withCrawler();
            server.dialects.itemSource(each -> server.store.forEachItem(each));
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            assertEquals(List.of(7L, 100L), ttls(theirs));
            assertEquals(ttls(theirs), ttls(ours));
        }
    }

    /** {@code exp - la} of each dumped item, sorted. */
    private static List<Long> ttls(TextClient c) throws IOException {
        c.send("lru_crawler metadump all\r\n");
        List<Long> out = new ArrayList<>();
        for (String l = c.line(); !l.equals("END"); l = c.line()) {
            Matcher m = EXP_LA.matcher(l);
            if (m.find()) {
                out.add(Long.parseLong(m.group(1)) - Long.parseLong(m.group(2)));
            }
        }
        out.sort(null);
        return out;
    }
}
