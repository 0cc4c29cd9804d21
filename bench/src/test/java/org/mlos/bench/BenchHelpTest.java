package org.mlos.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@code mlos bench --help} listed each benchmark by the first line of its description, which was
 * half a sentence ("… and against the"), and {@code -V} printed nothing.
 */
class BenchHelpTest {

    @Test
    void everyBenchmarksSummaryIsAWholeSentence() {
        CommandLine cli = new CommandLine(new Bench());
        for (CommandLine sub : cli.getSubcommands().values()) {
            String[] d = sub.getCommandSpec().usageMessage().description();
            assertTrue(d.length > 0 && d[0].strip().endsWith("."), sub.getCommandName() + ": '" + (d.length > 0 ? d[0] : "") + "'");
        }
    }

    @Test
    void versionIsPrinted() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Bench());
        cli.setOut(new PrintWriter(out));
        cli.execute("-V");
        assertTrue(out.toString().contains("mlos bench ") && out.toString().contains("Java "), out.toString());
    }
}
