package org.mlos.launcher.cli;

import org.mlos.launcher.ProjectVersion;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code -V}/{@code --version} on every command prints {@link ProjectVersion}. The option used to
 * print nothing: no command named a version provider.
 */
final class CliVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return ProjectVersion.lines();
    }
}
