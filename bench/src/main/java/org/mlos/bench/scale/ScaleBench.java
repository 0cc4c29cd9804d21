package org.mlos.bench.scale;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import org.mlos.bench.BenchLine;
import org.mlos.cluster.api.KetamaRing;
import org.mlos.launcher.ControlDir;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.cli.MlosCli;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.scale.LocalScaler;
import org.mlos.launcher.supervisor.ClusterFiles;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlos bench scale}: a local cluster of two cache nodes filled through the ketama ring,
 * then {@code mlos scale cache +1} and {@code -1} while a writer that follows the ring keeps
 * writing; how long each change took, how many items moved, and how many acknowledged writes
 * the ring no longer finds. (Named apart from {@code mlos bench elastic}, which measures a
 * node's time to serve; the lines share the benchmark name {@code elastic}.)
 */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Scale-out and scale-in of a local cache cluster under ring-following write load.")
public final class ScaleBench implements Callable<Integer> {

    @Option(names = "--items", defaultValue = "20000", description = "items written before the changes (default ${DEFAULT-VALUE})")
    int items;

    @Option(names = "--value-bytes", defaultValue = "100", description = "bytes per value (default ${DEFAULT-VALUE})")
    int valueBytes;

    @Option(names = "--cluster-port", defaultValue = "18851", description = "the cluster's first Hazelcast port (default ${DEFAULT-VALUE})")
    int port;

    private final NodeLayout layout = NodeLayout.fromSystemProperties();

    @Override
    public Integer call() throws Exception {
        String name = "bench-scale-" + UUID.randomUUID().toString().substring(0, 8);
        ClusterFiles files = new ClusterFiles(ControlDir.path().resolve("cluster"), name);
        int up = new CommandLine(new MlosCli()).execute("--images", layout.images().toString(), "cluster", "up", "--name",
                name, "--nodes", "cache=2", "--set", "mlos.cluster.port=" + port);
        try {
            if (up != 0) {
                System.err.println("mlos bench scale: the cluster did not start");
                return 1;
            }
            RingWriter writer = new RingWriter(() -> ring(files), "scale-", valueBytes);
            Thread t = new Thread(writer, "bench-ring-writer");
            t.start();
            writer.awaitAcked(items);
            LocalScaler scaler = new LocalScaler(layout, files, 1500, s -> { });
            LocalScaler.Result out = scaler.change("cache", 1, "mlos bench scale");
            BenchLine.of("elastic").with("scale_out", "cache").with("nodes", out.after()).with("moved", out.moved())
                    .with("ms", out.millis()).print();
            int before = writer.acked().size();
            writer.awaitAcked(before + 1000);
            LocalScaler.Result in = scaler.change("cache", -1, "mlos bench scale");
            writer.awaitAcked(writer.acked().size() + 1000);
            writer.stop();
            t.join(60_000);
            List<String> acked = writer.acked();
            KetamaRing ring = RingWriter.ring(ring(files));
            int lost = writer.missing(ring, acked);
            BenchLine.of("elastic").with("scale_in", "cache").with("nodes", in.after()).with("lost", lost)
                    .with("acked", acked.size()).with("moved", in.moved()).with("ms", in.millis()).print();
            return lost == 0 && writer.error() == null ? 0 : 1;
        } finally {
            new CommandLine(new MlosCli()).execute("--images", layout.images().toString(), "cluster", "down", "--name", name);
        }
    }

    private static String ring(ClusterFiles files) throws IOException {
        IOException last = null;
        for (ClusterFiles.Entry e : files.read()) {
            try {
                String r = ControlSocket.request(ControlSocket.of(e.profile(), e.pid()), "scale ring cache");
                if (r.startsWith("ring=")) {
                    return r;
                }
            } catch (IOException ex) {
                last = ex;
            }
        }
        throw new IOException("no node of the cluster answered 'scale ring cache'", last);
    }
}
