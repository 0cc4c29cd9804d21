package org.mlos.core.osgi;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.mlos.core.api.KindInfo;
import org.mlos.core.kernel.StateHolders;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * What served each kind when the kernel stopped, kept in the core bundle's data area for a start
 * of the kernel in the same framework ({@code stop}/{@code start} or {@code update} of
 * {@code org.mlos.core}): a swap had moved a kind's state to another implementation, and the
 * restarted kernel began on the preferred one, whose state the swap had emptied (an outsider's
 * counters read 0). A record of another framework launch (its {@code org.osgi.framework.uuid}) is
 * ignored: a node started afresh serves its profile's choice. Read once, then deleted.
 *
 * <p>Beside each kind served by an implementation holding state, the identity of the object that
 * served it and its name, read together ({@code @<kind>=<identity>:<impl>}): a delayed component is disposed of while the kernel is away, its
 * state with it, and the kernel restarted on a new object of it said nothing.
 */
final class KernelRestartRecord {

    private static final String FILE = "kinds-served.properties";
    private static final String FRAMEWORK = "framework.uuid";
    /** Before a kind's name: the identity of the object that served it (no kind's binary name starts so). */
    private static final String IDENTITY = "@";

    /** What served each kind (kind to implementation) and, for those holding state, with the object's identity. */
    record Served(Map<String, String> implementations, Map<String, StateHolders.Served> holders) {
        static final Served NONE = new Served(Map.of(), Map.of());
    }

    private KernelRestartRecord() {
    }

    static void write(BundleContext context, List<KindInfo> kinds, Map<String, StateHolders.Served> holders) {
        File file = context.getDataFile(FILE);
        String uuid = context.getProperty(Constants.FRAMEWORK_UUID);
        if (file == null || uuid == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(FRAMEWORK, uuid);
        for (KindInfo k : kinds) {
            if (k.active() != null) {
                p.setProperty(k.kind(), k.active());
            }
        }
        holders.forEach((kind, h) -> p.setProperty(IDENTITY + kind, h.identity() + ":" + h.impl()));
        try (Writer w = Files.newBufferedWriter(file.toPath(), StandardCharsets.UTF_8)) {
            p.store(w, "what served each kind when the kernel stopped; read at its next start in this framework");
        } catch (IOException e) {
            System.getLogger(KernelRestartRecord.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot keep what served each kind for the kernel's restart in " + file + ": " + e);
        }
    }

    /** What served each kind, none if there is no record of this framework's. */
    static Served read(BundleContext context) {
        File file = context.getDataFile(FILE);
        if (file == null || !file.isFile()) {
            return Served.NONE;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file.toPath(), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            return Served.NONE;
        } finally {
            file.delete();
        }
        if (!p.getProperty(FRAMEWORK, "").equals(context.getProperty(Constants.FRAMEWORK_UUID))) {
            return Served.NONE;
        }
        Map<String, String> served = new HashMap<>();
        Map<String, StateHolders.Served> holders = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.equals(FRAMEWORK)) {
                continue;
            }
            if (!k.startsWith(IDENTITY)) {
                served.put(k, p.getProperty(k));
                continue;
            }
            String v = p.getProperty(k);
            int colon = v.indexOf(':');
            try {
                holders.put(k.substring(IDENTITY.length()), new StateHolders.Served(v.substring(colon + 1),
                        Integer.parseInt(v.substring(0, Math.max(colon, 0)))));
            } catch (NumberFormatException e) {
                // not written by us: no identity to compare
            }
        }
        return new Served(served, holders);
    }
}
