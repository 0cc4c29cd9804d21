package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.osgi.framework.BundleContext;

/**
 * An outsider's trial: {@code mlos journal tail} on a node started with {@code --set
 * mlos.fault.dir=…}, before anything was journaled, said events "are journaled when mlos.fault.dir
 * is set", as if it were not. An empty journal says which it is.
 */
class AnEmptyJournalBlamedADirThatWasSetTest {

    @TempDir
    Path dir;

    private SegmentJournal journal;

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void anEmptyJournalSaysWhetherEventsAreJournaled() {
        journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 1 << 20));
        JournalCommands set = new JournalCommands(journal);
        set.activate(context(Map.of(Durability.DIR_PROPERTY, dir.toString())));
        assertEquals("(the journal is empty: nothing journaled yet; swaps, supervision decisions and cluster events are"
                + " journaled as they come)\n", set.execute(List.of("tail")));
        JournalCommands unset = new JournalCommands(journal);
        unset.activate(context(Map.of()));
        assertEquals("(the journal is empty; swaps, supervision decisions and cluster events are journaled when"
                + " mlos.fault.dir is set)\n", unset.execute(List.of("tail")));
    }

    private static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (p, m, a) -> {
                    if (m.getName().equals("getProperty")) {
                        return properties.get((String) a[0]);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
