package org.mlos.bench.memcached;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.bench.MissingTool;

/**
 * Runs libmemcached's load generator ({@code memcaslap} on Debian, {@code memaslap} elsewhere)
 * and reads its figures: throughput from the summary line, latency percentiles from the log2
 * histogram of all operations.
 */
public final class Memaslap {

    /** Figures of one run, or of several merged. */
    public record Result(long operations, double seconds, long[] histogram) {

        public double opsPerSecond() {
            return operations / seconds;
        }

        public double p50Micros() {
            return percentile(histogram, 0.50);
        }

        double p99Micros() {
            return percentile(histogram, 0.99);
        }

        public Result plus(Result other) {
            long[] sum = histogram.clone();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.histogram[i];
            }
            return new Result(operations + other.operations, seconds + other.seconds, sum);
        }
    }

    public static final Result NONE = new Result(0, 0, new long[64]);

    private static final Pattern TPS = Pattern.compile("Run time: ([\\d.]+)s Ops: (\\d+) TPS: (\\d+)");
    private static final Pattern HIST_ROW = Pattern.compile("^\\s*(\\d+):((?:\\s+\\d+)+)\\s*$");

    private final String executable;
    private final Path config;

    private Memaslap(String executable, Path config) {
        this.executable = executable;
        this.config = config;
    }

    /** Finds the tool and writes a workload: {@code getRatio} gets, fixed key and value sizes. */
    public static Memaslap find(Path work, double getRatio, int keyBytes, int valueBytes) throws IOException {
        String exe = Tools.find("memcaslap", "memaslap");
        if (exe == null) {
            throw new MissingTool("memaslap not found: install libmemcached-tools "
                    + "(sudo apt-get install -y libmemcached-tools) or put memcaslap/memaslap on the PATH");
        }
        Path cfg = work.resolve("memaslap.cfg");
        Files.writeString(cfg, String.format(java.util.Locale.ROOT,
                "key%n%d %d 1%nvalue%n%d %d 1%ncmd%n0 %.2f%n1 %.2f%n",
                keyBytes, keyBytes, valueBytes, valueBytes, 1 - getRatio, getRatio));
        return new Memaslap(exe, cfg);
    }

    public Result run(int port, boolean binary, int threads, int connections, int seconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable, "-s", "127.0.0.1:" + port, "-T", String.valueOf(threads),
                "-c", String.valueOf(connections), "-t", seconds + "s", "-S", seconds + "s", "-F", config.toString()));
        if (binary) {
            cmd.add("-B");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("memaslap did not finish: " + String.join(" ", cmd));
        }
        return parse(out, String.join(" ", cmd));
    }

    static Result parse(String out, String what) throws IOException {
        Matcher m = TPS.matcher(out);
        if (!m.find()) {
            throw new IOException("no result from " + what + ":\n" + out);
        }
        return new Result(Long.parseLong(m.group(2)), Double.parseDouble(m.group(1)), histogram(out));
    }

    /**
     * The "Log2 Dist" histogram of the "Total Statistics" block: bucket {@code i} counts the
     * operations that took [2^i, 2^(i+1)) microseconds.
     */
    static long[] histogram(String out) throws IOException {
        int total = out.lastIndexOf("Total Statistics (");
        if (total < 0) {
            throw new IOException("memaslap printed no latency statistics (-S missing?)");
        }
        long[] buckets = new long[64];
        boolean inDist = false;
        for (String line : out.substring(total).split("\n")) {
            if (line.contains("Log2 Dist:")) {
                inDist = true;
                continue;
            }
            if (!inDist) {
                continue;
            }
            Matcher row = HIST_ROW.matcher(line);
            if (!row.matches()) {
                break;
            }
            int first = Integer.parseInt(row.group(1));
            String[] counts = row.group(2).trim().split("\\s+");
            for (int i = 0; i < counts.length && first + i < buckets.length; i++) {
                buckets[first + i] = Long.parseLong(counts[i]);
            }
        }
        return buckets;
    }

    /**
     * The latency below which {@code q} of the operations fall. The histogram only says which
     * power-of-two bucket that is; within the bucket the value is interpolated geometrically
     * (2^(i + fraction of the bucket's operations needed)), so the figure is exact to the bucket
     * and an estimate inside it.
     */
    static double percentile(long[] buckets, double q) {
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return Double.NaN;
        }
        double target = q * total;
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (buckets[i] > 0 && seen + buckets[i] >= target) {
                double fraction = (target - seen) / buckets[i];
                return Math.pow(2, i + fraction);
            }
            seen += buckets[i];
        }
        return Double.NaN;
    }
}
