package org.mlos.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ask", mixinStandardHelpOptions = true,
        description = { "Sends one request to a running node, its words as given, and prints the reply: a command a"
                + " bundle of yours adds (a NodeCommand service, named by its first word), or any the node knows.",
                "Exit code 0 unless the node answers with an error." })
final class AskCommand extends NodeRequestCommand {
    @Parameters(arity = "1..*", description = "the request's words: the command's name first (e.g. tally status)")
    java.util.List<String> words;

    @Override
    String request() {
        for (String w : words) {
            if (w.isBlank() || w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a request is one line of words: '" + w.replace("\n", "\\n")
                        + "' is empty or holds a line break");
            }
        }
        return String.join(" ", words);
    }

    @Override
    boolean mayTakeLong() {
        return true; // a bundle's command takes what it takes
    }

    @Override
    String notAnswered(NodeClient.RunningNode target) {
        return "node " + target.label() + " has no command '" + words.get(0) + "': no bundle of its profile ("
                + target.profile() + ") registers a NodeCommand of that name (mlos ask <name> on a node whose profile has"
                + " your bundle; mlos nodes lists the running ones)";
    }
}
