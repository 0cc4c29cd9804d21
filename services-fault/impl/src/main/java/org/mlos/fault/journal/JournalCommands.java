package org.mlos.fault.journal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mlos.core.api.NodeCommand;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * {@code journal tail [n]} on the node's control socket ({@code mlos journal tail}): the last
 * records of the node's journal (swap reports, supervision decisions, cluster events, restarts), one a line, with their
 * index.
 */
@Component(service = NodeCommand.class, property = NodeCommand.NAME + "=journal")
public final class JournalCommands implements NodeCommand {

    static final String USAGE = "usage: journal tail [<records>]";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Journal journal;

    /** For DS. */
    public JournalCommands() {
    }

    /** For plain Java and tests: the tail of {@code journal}. */
    public JournalCommands(Journal journal) {
        this.journal = journal;
    }

    @Override
    public String execute(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("tail") || args.size() > 2) {
            return "error: " + USAGE + "\n";
        }
        int n;
        try {
            n = args.size() == 2 ? Integer.parseInt(args.get(1)) : 20;
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1) {
            return "error: the number of records must be a whole number ≥ 1, got '" + args.get(1) + "'\n";
        }
        Journal j = journal;
        if (j == null) {
            return "error: this node has no journal (its profile lacks bundle org.mlos.fault)\n";
        }
        long next = j.nextIndex();
        long from = Math.max(j.firstIndex(), next - n);
        StringBuilder out = new StringBuilder();
        for (JournalRecord r : j.read(from, n)) {
            out.append(r.index()).append(' ').append(new String(r.data(), StandardCharsets.UTF_8)).append('\n');
        }
        if (out.length() == 0) {
            out.append("(the journal is empty; swaps, supervision decisions and cluster events are journaled when mlos.fault.dir is set)\n");
        }
        return out.toString();
    }
}
