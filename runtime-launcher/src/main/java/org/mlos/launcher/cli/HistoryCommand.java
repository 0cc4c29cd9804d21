package org.mlos.launcher.cli;

import picocli.CommandLine.Command;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Prints a running node's swap reports, oldest first.")
final class HistoryCommand extends NodeRequestCommand {
    @Override
    String request() {
        return "history";
    }
}
