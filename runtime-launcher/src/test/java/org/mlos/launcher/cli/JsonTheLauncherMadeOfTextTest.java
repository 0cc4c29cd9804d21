package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.launcher.OperatorKeys;
import org.mlos.launcher.process.FakeCheckout;
import org.mlos.launcher.testing.FakeNode;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlos.launcher.testing.LivePids;

/**
 * {@code mlos rollout|journal tail|autoscale … --json} asked the node for its text and parsed it
 * into JSON, a copy of a format the node defines. The nodes now answer these in JSON themselves
 * (the cluster and fault bundles' own tests hold their shapes), so the launcher sends
 * {@code json <request>} as for every other command and prints the reply as it is; what is left
 * here is that the exit code of {@code --json} is still the text form's: a rollout that failed on a
 * node exits 1 in both.
 */
@Timeout(120)
class JsonTheLauncherMadeOfTextTest {

    @RegisterExtension
    final LivePids pids = new LivePids(); // a live node pid: this JVM runs no launcher, so is no node

    /** The shapes the nodes write (ClusterJson.rollout, JournalJson, AutoscaleJson), shortened. */
    private static final String ROLLED_OUT = "{\"outcome\":\"ROLLED_OUT\",\"symbolicName\":\"org.example.hello\","
            + "\"version\":\"1.2.0\",\"profile\":\"cache\",\"totalMillis\":345,\"sha256\":\"ab12cd\",\"nodes\":[]}\n";
    private static final String FAILED = ROLLED_OUT.replace("ROLLED_OUT", "FAILED");
    private static final String RECORDS = "{\"records\":[{\"index\":41,\"timeMillis\":1764496800123,\"record\":\"swap\"}]}\n";
    private static final String STATUS = "{\"on\":false,\"leading\":false,\"node\":null,\"rules\":[],\"decisions\":null,"
            + "\"requests\":null,\"outcomes\":null,\"settings\":null,\"note\":\"mlos.autoscale not set\"}\n";

    @TempDir
    Path tmp;

    /** The fake node's thread writes them, the test's reads them. */
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile String rollout = ROLLED_OUT;

    @Test
    void theNodesJsonIsPrintedAsItIsWithTheTextFormsExitCode() throws Exception {
        CliRun mlos = new CliRun(new FakeCheckout(Files.createDirectories(tmp.resolve("root"))), tmp.resolve("run"),
                tmp.resolve("config"));
        new OperatorKeys(tmp.resolve("config/mlos")).ensure(); // rollout signs with the operator's key
        Path jar = Files.writeString(tmp.resolve("hello.jar"), "a jar");
        try (FakeNode cache = new FakeNode(mlos.runDir(), "cache", pids.node(), this::answer)) {
            check(mlos.run("journal", "tail", "--json"), 0, RECORDS);
            check(mlos.run("autoscale", "status", "--json"), 0, STATUS);
            check(mlos.run("rollout", jar.toString(), "--profile", "cache", "--json"), 0, ROLLED_OUT);
            rollout = FAILED;
            check(mlos.run("rollout", jar.toString(), "--profile", "cache", "--json"), 1, FAILED);
            check(mlos.run("rollout", jar.toString(), "--profile", "cache"), 1, "FAILED org.example.hello 1.2.0\n");
            // a node whose cluster bundle has no JSON form of a rollout yet wraps its text
            rollout = "{\"text\":\"ROLLED_OUT org.example.hello 1.2.0\\n\"}\n";
            check(mlos.run("rollout", jar.toString(), "--profile", "cache", "--json"), 0, rollout);
            check(mlos.run("journal", "tail", "-n", "7", "--json"), 1, "{\"error\":\"this node has no journal\"}\n");
        }
        assertEquals(List.of("json journal tail 20", "json autoscale status", "json cluster rollout", "json cluster rollout",
                "cluster rollout", "json cluster rollout", "json journal tail 7"), asked, "every --json request is json <request>");
    }

    private static void check(CliRun.Result r, int code, String out) {
        assertEquals(code, r.code(), r.toString());
        assertEquals(out, r.out(), r.toString());
    }

    /** A cache node; a rollout's text, should the launcher ask for it, is its first line. */
    private String answer(String line) {
        if (line.equals("cluster progress --lines")) {
            return ""; // what a rollout polls while it waits
        }
        boolean json = line.startsWith("json ");
        String request = json ? line.substring(5) : line;
        asked.add(request.startsWith("cluster rollout ") ? line.substring(0, line.indexOf(" rollout ") + 8) : line);
        if (request.startsWith("cluster rollout cache ")) {
            return json ? rollout : "FAILED org.example.hello 1.2.0\n";
        }
        return switch (line) {
            case "json journal tail 20" -> RECORDS;
            case "json journal tail 7" -> "{\"error\":\"this node has no journal\"}\n";
            case "json autoscale status" -> STATUS;
            default -> FakeNode.unknown(line);
        };
    }
}
