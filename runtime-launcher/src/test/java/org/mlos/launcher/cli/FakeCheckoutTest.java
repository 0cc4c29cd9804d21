package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.process.FakeCheckout;

/**
 * A CLI test on a checkout whose nodes are shell scripts ({@link FakeCheckout}): what is checked is
 * what each node was started with. The nodes still running after a test are killed.
 */
abstract class FakeCheckoutTest {

    @TempDir
    Path tmp;

    FakeCheckout checkout;
    CliRun mlos;

    /** The checkout's profiles: a cache profile serving memcached, unless a test needs others. */
    FakeCheckout profiles(FakeCheckout empty) throws IOException {
        return empty.profile("cache", true).servingMemcached("cache");
    }

    @BeforeEach
    void checkout() throws Exception {
        checkout = profiles(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))));
        mlos = new CliRun(checkout, tmp.resolve("run"), tmp.resolve("config"));
    }

    @AfterEach
    void stopNodes() throws Exception {
        checkout.killAll();
    }
}
