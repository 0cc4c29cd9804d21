package org.mlos.bridge.api;

import java.util.List;

import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/**
 * The legacy tools of a full host (an image converter, a compiler, a report generator): a
 * library-OS node runs none of them itself and asks the host. Only the commands the host's
 * operator listed run, each by the executable the host resolved for its name at start, with the
 * arguments given and no shell between: an argument is never interpreted, whatever it holds.
 *
 * <p>Stateless as a kind: a swap moves nothing; a command running on the old implementation runs
 * to its end there.
 */
@Kind(stateless = true, remote = true)
public interface HostCommands {

    /** The names of the commands this host runs, sorted. */
    List<String> commands();

    /**
     * Runs a command to its end, in the host's files folder, {@code input} on its standard input.
     * Marked as mutating so that a remote call of it is never retried: a command may have effects.
     *
     * @param command a name from {@link #commands()}
     * @param args    its arguments, each passed as it is
     * @param input   its standard input (empty: none)
     * @return its exit status and output
     * @throws HostCommandException if the command is not allowed here, cannot start, or runs past
     *                              the host's time limit (it is then killed)
     */
    @Mutates
    CommandResult run(String command, List<String> args, byte[] input);
}
