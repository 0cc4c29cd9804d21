package org.mlos.bench.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The bench's side of a {@link StoreWorker}: a JVM of its own for one subject, driven line by line. */
final class WorkerProcess implements AutoCloseable {

    private final String subject;
    private final Process process;
    private final PrintStream in;
    private final BufferedReader out;

    /**
     * Starts the worker with this JVM's own options (so every subject runs alike), its heap set
     * to {@code heap} (e.g. {@code 1g}), from {@code classPath} (this bench's jar, or an earlier build's),
     * and waits until it has filled its subject. {@code decodedKeys}: the worker's loads decode
     * every key afresh (an earlier build's worker is only ever started without).
     */
    WorkerProcess(String subject, int keys, int valueSize, int threads, boolean decodedKeys, String heap, String classPath)
            throws IOException {
        this.subject = subject;
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-Xms") && !a.startsWith("-agentlib")
                    && !a.startsWith("-XX:StartFlightRecording")) {
                cmd.add(a);
            }
        }
        cmd.add("-Xms" + heap);
        cmd.add("-Xmx" + heap);
        String jfr = System.getProperty("mlos.bench.store.jfr");
        if (jfr != null) {
            // -Dmlos.bench.store.jfr=<dir>: each worker records a JFR profile of its own there
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + "/" + subject + "-%p.jfr,settings=profile");
        }
        cmd.addAll(List.of("-cp", classPath, StoreWorker.class.getName(), subject,
                Integer.toString(keys), Integer.toString(valueSize), Integer.toString(threads)));
        if (decodedKeys) {
            cmd.add(StoreWorker.DECODED_KEYS);
        }
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String ready = reply();
        if (!ready.equals("ready")) {
            throw new IOException("the " + subject + " worker said '" + ready + "' instead of 'ready'");
        }
    }

    /**
     * A run's figures: operations per second (wall clock), the load threads' CPU nanoseconds per
     * operation, and the whole JVM's.
     */
    record Figures(double opsPerSecond, double cpuNsPerOp, double jvmCpuNsPerOp) {
    }

    /** Runs a mix in the worker. */
    Figures run(int getPercent, boolean copyingGet, double warmupSeconds, double seconds) throws IOException {
        in.println(String.format(Locale.ROOT, "run %d %s %.3f %.3f", getPercent, copyingGet ? "get" : "read",
                warmupSeconds, seconds));
        String[] answer = reply().split(" ");
        if (answer.length < 3 || !answer[0].equals("ops")) {
            throw new IOException("the " + subject + " worker answered '" + String.join(" ", answer) + "' to a run");
        }
        // a baseline jar's worker from before the CPU figures answers without them
        return new Figures(Double.parseDouble(answer[1]), answer.length > 3 ? Double.parseDouble(answer[3]) : Double.NaN,
                answer.length > 4 ? Double.parseDouble(answer[4]) : Double.NaN);
    }

    private String reply() throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the " + subject + " worker JVM ended (exit " + waitExit() + "); its errors are above");
        }
        return line;
    }

    private int waitExit() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        in.println("quit");
        in.close();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
