package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/**
 * A kind configured for an implementation that is not installed waits for it, as it should (its
 * bundle may come later); but an embedder's typo (impl=nosuch) was never told anywhere: no log
 * line, no swap in the history.
 */
class AConfiguredImplementationNotInstalledIsToldTest {

    @Test
    void theConfigurationIsKeptAndTheMissingImplementationIsLoggedWithThoseInstalled() {
        Logger log = Logger.getLogger(SwapKernel.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            SwapKernel kernel = new SwapKernel();
            kernel.install(Counters.class, "map", new MapCounters("map"), 0);
            kernel.configure(Counters.class.getName(), new KindPreference("nosuch", -1, null));
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("configured for implementation nosuch, which is not installed (installed: [map])"),
                    warnings.get(0));
            kernel.configure(Counters.class.getName(), new KindPreference("map", -1, null));
            assertEquals(1, warnings.size(), "an installed one is no news: " + warnings);
        } finally {
            log.removeHandler(capture);
        }
    }
}
