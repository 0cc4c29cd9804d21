package org.mlos.fault.journal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mlos.core.api.KernelJson;
import org.mlos.core.api.NodeCommand;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code journal tail [n]} on the node's control socket ({@code mlos journal tail}): the last
 * records of the node's journal (swap reports, supervision decisions, cluster events, restarts), one a line, with their
 * index; as JSON ({@code mlos journal tail --json}), an object a record, its time apart ({@link JournalJson}).
 */
@Component(service = NodeCommand.class, property = NodeCommand.NAME + "=journal")
public final class JournalCommands implements NodeCommand {

    static final String USAGE = "usage: journal tail [<records>]";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;

    /** Whether the node journals its events ({@code mlos.fault.dir} set), for what an empty journal says. */
    private volatile boolean eventsJournaled;

    @Activate
    void activate(BundleContext context) {
        eventsJournaled = context.getProperty(Durability.DIR_PROPERTY) != null;
    }

    /** For DS. */
    public JournalCommands() {
    }

    /** For plain Java and tests: the tail of {@code journal}. */
    public JournalCommands(Journal journal) {
        this.journal = journal;
    }

    @Override
    public String execute(List<String> args) {
        Journal j = journal;
        String refused = refused(args, j);
        if (refused != null) {
            return "error: " + refused + "\n";
        }
        StringBuilder out = new StringBuilder();
        for (JournalRecord r : tail(j, args)) {
            out.append(r.index()).append(' ').append(readable(new String(r.data(), StandardCharsets.UTF_8))).append('\n');
        }
        if (out.length() == 0) {
            out.append(eventsJournaled ? "(the journal is empty: nothing journaled yet; swaps, supervision decisions and cluster events are journaled as they come)\n"
                    : "(the journal is empty; swaps, supervision decisions and cluster events are journaled when " + Durability.DIR_PROPERTY + " is set)\n");
        }
        return out.toString();
    }

    /**
     * A record as an operator reads it: its time, kept as epoch milliseconds ({@code 1796645482752
     * swap …}), as a UTC instant ({@code 2026-12-07T12:38:05.114Z swap …}); the JSON form keeps the
     * milliseconds ({@code timeMillis}). A record opening otherwise is shown as it is.
     */
    static String readable(String record) {
        int space = record.indexOf(' ');
        if (space < 1 || space > 19) {
            return record;
        }
        for (int i = 0; i < space; i++) {
            if (!Character.isDigit(record.charAt(i))) {
                return record;
            }
        }
        return UTC_MILLIS.format(java.time.Instant.ofEpochMilli(Long.parseLong(record.substring(0, space))))
                + record.substring(space);
    }

    /** Milliseconds always, so that the records' lines align (ISO_INSTANT leaves out a fraction of zero). */
    private static final java.time.format.DateTimeFormatter UTC_MILLIS = java.time.format.DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** {@code {"records":[{"index","timeMillis","record"}]}}, oldest first ({@link JournalJson}); none: []. */
    @Override
    public String executeJson(List<String> args) {
        Journal j = journal;
        String refused = refused(args, j);
        return refused != null ? KernelJson.error(refused) : JournalJson.records(tail(j, args));
    }

    /** Why {@code args} cannot be answered from {@code j}, or null. */
    private static String refused(List<String> args, Journal j) {
        if (args.isEmpty() || !args.get(0).equals("tail") || args.size() > 2) {
            return USAGE;
        }
        if (count(args) < 1) {
            return "the number of records must be a whole number ≥ 1, got '" + args.get(1) + "'";
        }
        if (j == null) {
            return "this node has no journal (its profile lacks bundle org.mlos.fault)";
        }
        return null;
    }

    /** The records asked for, the last of the journal; {@code args} not {@link #refused}. */
    private static List<JournalRecord> tail(Journal j, List<String> args) {
        int n = count(args);
        long from = Math.max(j.firstIndex(), j.nextIndex() - n);
        return j.read(from, n);
    }

    /** How many records {@code tail [n]} asks for; -1 if n is no whole number. */
    private static int count(List<String> args) {
        try {
            return args.size() == 2 ? Integer.parseInt(args.get(1)) : 20;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
