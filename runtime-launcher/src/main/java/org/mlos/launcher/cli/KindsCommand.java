package org.mlos.launcher.cli;

import picocli.CommandLine.Command;

@Command(name = "kinds", mixinStandardHelpOptions = true,
        description = { "Lists a running node's service kinds: active implementation, candidates, calls served, swaps.",
                "CALLS is - for a kind whose calls are not counted (counting is off unless the node was started with"
                        + " --set mlos.kernel.count.calls=true, or the kind's configuration says count.calls=true);"
                        + " a line under the table says so when a row shows it." })
final class KindsCommand extends NodeRequestCommand {
    @Override
    String request() {
        return "kinds";
    }
}
