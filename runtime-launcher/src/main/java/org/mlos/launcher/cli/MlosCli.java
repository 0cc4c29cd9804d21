package org.mlos.launcher.cli;

import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code mlos} commands other than {@code run} and {@code bench}: they inspect profiles and
 * talk to running nodes. ({@code run} boots through {@link org.mlos.launcher.Main}, which keeps
 * its own small parser so that boot pays for no library.)
 */
@Command(name = "mlos", mixinStandardHelpOptions = true,
        description = "MultiLibOS for the JVM: profiles and running nodes.",
        subcommands = { ProfilesCommand.class, NodesCommand.class, NodeRequestCommand.Kinds.class,
                NodeRequestCommand.Swap.class, NodeRequestCommand.Swaps.class, NodeRequestCommand.History.class,
                NodeRequestCommand.Rollout.class, NodeRequestCommand.JournalTail.class, NodeRequestCommand.Autoscale.class,
                ClusterCommand.class, ScaleCommand.class })
public final class MlosCli {

    @Option(names = "--images", hidden = true, required = true, description = "where the build left the profile images")
    Path images;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MlosCli()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) { // bad input: say what was wrong, no stack trace
                cmd.getErr().println("mlos " + cmd.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        }).execute(args));
    }
}
