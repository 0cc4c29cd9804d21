package org.mlos.bridge.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.CommandResult;
import org.mlos.bridge.api.HostCommands;
import org.mlos.bridge.files.DiskFiles;
import org.mlos.core.api.Kernel;
import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * {@link HostCommands} implementation {@code exec}: the commands of {@value BridgeProperties#COMMANDS},
 * run in the files folder ({@value BridgeProperties#ROOT}), so a command works on the files
 * {@code HostFiles} serves (convert {@code in.png} to {@code out.jpg}, then read it).
 * Prototype-scoped, like the files, for the remote kinds bundle.
 */
@Component(service = HostCommands.class, property = Kernel.IMPL + "=exec", scope = ServiceScope.PROTOTYPE)
public final class AllowedCommands implements HostCommands {

    static final long DEFAULT_TIMEOUT_MS = 20_000;
    static final int DEFAULT_AT_ONCE = 4;

    private CommandRunner runner;
    private ExecutorService io;

    /** For OSGi. */
    public AllowedCommands() {
    }

    /** For tests and embedders without Declarative Services: {@code spec} as {@value BridgeProperties#COMMANDS}. */
    public AllowedCommands(String spec, Path folder, long timeoutMillis, int outputMax, int atOnce) {
        start(spec, folder, timeoutMillis, outputMax, atOnce);
    }

    @Activate
    void activate(BundleContext context) throws java.io.IOException {
        Settings settings = Settings.of(context);
        // the folder DiskFiles serves, made as it makes it
        Path folder = DiskFiles.folder(Path.of(settings.text(BridgeProperties.ROOT, DiskFiles.defaultRoot())));
        start(settings.text(BridgeProperties.COMMANDS, ""), folder,
                settings.number(BridgeProperties.COMMAND_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1, 24L * 3600 * 1000),
                settings.integer(BridgeProperties.COMMAND_OUTPUT_MAX, BridgeProperties.COMMAND_OUTPUT_DEFAULT, 0,
                        BridgeProperties.COMMAND_OUTPUT_CEILING),
                settings.integer(BridgeProperties.COMMANDS_AT_ONCE, DEFAULT_AT_ONCE, 1, 1024));
    }

    private void start(String spec, Path folder, long timeoutMillis, int outputMax, int atOnce) {
        io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mlos-bridge-command-io");
            t.setDaemon(true);
            return t;
        });
        runner = new CommandRunner(CommandList.parse(spec, System.getenv("PATH")), folder, timeoutMillis, outputMax, atOnce, io);
    }

    @Deactivate
    public void close() {
        io.shutdownNow();
    }

    @Override
    public List<String> commands() {
        return runner.names();
    }

    @Override
    public CommandResult run(String command, List<String> args, byte[] input) {
        return runner.run(command, args, input);
    }
}
