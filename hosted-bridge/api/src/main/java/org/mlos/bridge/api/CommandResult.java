package org.mlos.bridge.api;

/**
 * How a command ended.
 *
 * @param exitCode  its exit status
 * @param stdout    what it wrote to its standard output, at most the host's output limit
 * @param stderr    what it wrote to its standard error, at most the host's output limit
 * @param outputCut true when either stream wrote more than the limit: the rest was read and dropped
 * @param millis    from its start to its end
 */
public record CommandResult(int exitCode, byte[] stdout, byte[] stderr, boolean outputCut, long millis) {
}
