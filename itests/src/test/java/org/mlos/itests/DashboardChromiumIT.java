package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;
import org.mlos.launcher.process.ReadyLine;

/**
 * The dashboard in a real headless Chromium: a cache node started with {@code --dashboard}, its
 * page opened with the token, the store swapped by clicking its button, and the page's history
 * and kinds table showing the swap, as the node itself reports it; the cluster's nodes in a table
 * as {@code mlos nodes} lists them (an outsider found their whole JSON printed), an error line
 * that clears once the node answers again (it stayed for good), and no error in the console (a
 * 404 for /favicon.ico at every load). A screenshot is left in target/dashboard.png.
 */
class DashboardChromiumIT {

    private static final String ACTIVE = "document.querySelector('#kinds tr[data-kind=\"KeyValueStore\"] .active')"
            + "?.textContent ?? 'null'";

    @Test
    void aSwapStartedFromThePageShowsInItsHistory(@TempDir Path dir) throws Exception {
        Chromium.binary(); // skip early where there is none (fails under CI)
        Path token = dir.resolve("metrics.token");
        String secret = "itest-" + UUID.randomUUID();
        Files.writeString(token, secret);
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (NodeProcess node = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "cache",
                List.of("--dashboard", "--port", "0", "--set", "mlos.metrics.token.file=" + token,
                        "--set", "mlos.cluster.name=itest-" + UUID.randomUUID(), "--set", "mlos.cluster.port=15861"),
                List.of(), null)) {
            ReadyLine ready = node.awaitReady(Duration.ofSeconds(90));
            String metrics = ready.endpoints().get("http");
            String page = "http://" + metrics.substring(0, metrics.indexOf('/')) + "/#token=" + secret;
            try (Chromium browser = Chromium.open(page, dir.resolve("chromium"))) {
                assertEquals("slab", browser.await(ACTIVE, "slab", Duration.ofSeconds(30)), "the cache profile's store");
                assertEquals("", browser.eval("location.hash"), "the token left the address bar");
                browser.watchErrors();
                browser.reload(); // the token stays in the tab's session
                assertEquals("slab", browser.await(ACTIVE, "slab", Duration.ofSeconds(30)), "after a reload");
                assertEquals("1", browser.await("document.querySelectorAll('#nodes tbody tr').length", "1",
                        Duration.ofSeconds(30)), "one row a node");
                assertEquals("cache", browser.eval("document.querySelector('#nodes tbody tr').cells[1].textContent"));
                assertTrue(browser.eval("document.querySelector('#nodes tbody tr').cells[0].textContent").endsWith(" *"),
                        "the node answering is marked");
                assertTrue(browser.eval("document.querySelector('#nodes tbody tr').cells[7].textContent")
                        .contains("KeyValueStore=slab"), "its kinds");
                assertTrue(browser.eval("failed(new Error('simulated')), document.getElementById('error').textContent")
                        .startsWith("the node does not answer (simulated): the figures below are as of "));
                assertEquals("", browser.await("document.getElementById('error').textContent", "", Duration.ofSeconds(30)),
                        "the error line clears at the next refresh that answers");
                String before = browser.eval("document.querySelectorAll('#history tbody tr').length");

                browser.eval("document.querySelector('#kinds tr[data-kind=\"KeyValueStore\"] button[data-impl=\"heap\"]').click()");

                assertEquals("heap", browser.await(ACTIVE, "heap", Duration.ofSeconds(30)));
                String newest = browser.await("document.querySelector('#history tbody tr')?.cells[2].textContent ?? 'null'",
                        "slab → heap", Duration.ofSeconds(30));
                assertEquals("slab → heap", newest, "the newest row of the page's history");
                assertEquals("COMPLETED", browser.eval("document.querySelector('#history tbody tr').cells[4].textContent"));
                assertEquals(Integer.parseInt(before) + 1,
                        Integer.parseInt(browser.eval("document.querySelectorAll('#history tbody tr').length")));
                assertTrue(node.request("kinds").matches("(?s).*KeyValueStore\\s+heap\\s.*"), "the node swapped");
                // a #token= link opened in a tab already showing the login page loads nothing, only changes
                // the hash: it logged in only after a reload, the token left in the address bar (outsider)
                browser.eval("sessionStorage.removeItem('mlos-token'), token = null, show(), 'out'");
                assertEquals("false", browser.eval("String(document.getElementById('login').hidden)"), "the login shows");
                browser.eval("location.hash = '#token=" + secret + "', 'link'");
                assertEquals("true", browser.await("String(document.getElementById('login').hidden)", "true",
                        Duration.ofSeconds(30)), "logged in by the link");
                assertEquals("", browser.eval("location.hash"), "the token left the address bar again");
                assertEquals(List.of(), browser.errors(), "the console shows no error");
                browser.screenshot(Path.of("target", "dashboard.png"));
                // a bad token showed the same empty login as a first visit: the page says it was refused
                browser.eval("location.hash = '#token=bad', 'bad link'");
                assertEquals("false", browser.await("String(document.getElementById('login').hidden)", "false",
                        Duration.ofSeconds(30)), "the login shows again");
                assertEquals("the token was refused: give the token the file above holds",
                        browser.await("document.getElementById('refused').textContent",
                                "the token was refused: give the token the file above holds", Duration.ofSeconds(30)));
            }
        }
    }
}
