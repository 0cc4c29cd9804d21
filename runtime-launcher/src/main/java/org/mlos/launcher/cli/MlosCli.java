package org.mlos.launcher.cli;

import java.nio.file.Path;
import java.util.List;

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
        subcommands = { ProfilesCommand.class, NodesCommand.class, KindsCommand.class,
                SwapCommand.class, SwapsCommand.class, HistoryCommand.class,
                RolloutCommand.class, JournalTailCommand.class, AutoscaleCommand.class,
                AskCommand.class, ClusterCommand.class, ScaleCommand.class })
public final class MlosCli {

    @Option(names = "--images", hidden = true, required = true, description = "where the build left the profile images")
    Path images;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the project's version on every command and its errors reported as the CLI's standards say. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new MlosCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true); // --strategy ATOMIC, as a node takes it
        versionEverywhere(cli, new CliVersion());
        CommandLine.IParameterExceptionHandler picocli = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            if (List.of(args).contains("--json") && cmd.getCommandSpec().findOption("--json") != null) {
                return json(cmd, e.getMessage(), CommandLine.ExitCode.USAGE);
            }
            return picocli.handleParseException(e, args);
        });
        cli.setExecutionExceptionHandler(MlosCli::failed);
        return cli;
    }

    /**
     * What a command threw, reported without a stack trace when it is the user's to fix: bad input
     * (IllegalArgumentException, a node argument among them) exits 2, a state of things
     * (no node running, a folder that cannot be made) 1. Anything else is a bug: its trace helps.
     */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        int code;
        if (e instanceof IllegalArgumentException) {
            code = CommandLine.ExitCode.USAGE;
        } else if (e instanceof IllegalStateException || e instanceof java.io.IOException) {
            code = 1;
        } else {
            throw e;
        }
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.hasMatchedOption("--json")) {
            return json(cmd, e.getMessage(), code);
        }
        cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + (code == CommandLine.ExitCode.USAGE ? System.lineSeparator() + "(" + cmd.getCommandSpec().qualifiedName()
                        + " --help shows the options)" : ""));
        cmd.getErr().flush();
        return code;
    }

    private static int json(CommandLine cmd, String message, int code) {
        cmd.getOut().println(JsonError.of(message));
        cmd.getOut().flush();
        return code;
    }

    /** -V prints {@link CliVersion} on every command: picocli gives each command the option but no version to print. */
    private static void versionEverywhere(CommandLine cmd, CliVersion version) {
        cmd.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            versionEverywhere(sub, version);
        }
    }
}
