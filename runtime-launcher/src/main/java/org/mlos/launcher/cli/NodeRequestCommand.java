package org.mlos.launcher.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that ask a running node something: {@code kinds}, {@code swap}, {@code history}. */
abstract class NodeRequestCommand implements Callable<Integer> {

    @Option(names = "--node", description = "which node: its pid, its profile, or profile-pid "
            + "(needed only when several run)")
    String node;

    abstract String request();

    /** True if the reply means the request did what was asked. */
    boolean succeeded(String reply) {
        return !reply.startsWith("error:");
    }

    @Override
    public Integer call() {
        try {
            NodeClient.RunningNode target = NodeClient.pick(node);
            String reply = NodeClient.request(target, request());
            System.out.print(reply);
            return succeeded(reply) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("mlos: " + e.getMessage());
            return 1;
        }
    }

    @Command(name = "kinds", mixinStandardHelpOptions = true,
            description = "Lists a running node's service kinds: active implementation, candidates, calls served, swaps.")
    static final class Kinds extends NodeRequestCommand {
        @Override
        String request() {
            return "kinds";
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Prints a running node's swap reports, oldest first.")
    static final class History extends NodeRequestCommand {
        @Override
        String request() {
            return "history";
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
            description = { "Swaps a kind's implementation on a running node while callers keep calling,",
                    "and prints the swap report. Exit code 0 only if the swap completed." })
    static final class Swap extends NodeRequestCommand {
        @Parameters(index = "0", description = "the kind: fully qualified or simple interface name")
        String kind;

        @Parameters(index = "1", description = "the implementation's mlos.impl name")
        String impl;

        @Override
        String request() {
            return "swap " + kind + " " + impl;
        }

        @Override
        boolean succeeded(String reply) {
            return reply.startsWith("COMPLETED");
        }
    }
}
