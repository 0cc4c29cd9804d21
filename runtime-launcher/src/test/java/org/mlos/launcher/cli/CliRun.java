package org.mlos.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.mlos.launcher.process.FakeCheckout;

/**
 * The {@code mlos} command line as a user runs it: {@code MlosCli} in a JVM of its own, with a run
 * folder ({@code MLOS_RUN_DIR}) and a config folder ({@code XDG_CONFIG_HOME}) of the test's, so that
 * it neither sees the nodes of anyone else on the machine nor touches the user's keys.
 */
final class CliRun {

    /** What a command did: its exit code and what it printed. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final FakeCheckout checkout;
    private final Path runDir;
    private final Path config;
    private final java.util.Map<String, String> env = new java.util.HashMap<>();

    CliRun(FakeCheckout checkout, Path runDir, Path config) {
        this.checkout = checkout;
        this.runDir = runDir;
        this.config = config;
    }

    /** Sets an environment variable for the commands run from now on. */
    CliRun env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Path runDir() {
        return runDir;
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(null, args);
    }

    /** As {@link #run(String...)}, handing the command's process to {@code started} (e.g. to signal it) as it starts. */
    Result run(java.util.function.Consumer<Process> started, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmlos.root=" + checkout.root(), "-Dmlos.java=" + checkout.java(),
                "-cp", System.getProperty("java.class.path"), MlosCli.class.getName(), "--images", checkout.images().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(config.getParent(), "out", ".txt");
        Path err = Files.createTempFile(config.getParent(), "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("MLOS_RUN_DIR", runDir.toString());
        pb.environment().put("XDG_CONFIG_HOME", config.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (started != null) {
            started.accept(p);
        }
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("mlos " + String.join(" ", args) + " still ran after 90 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
