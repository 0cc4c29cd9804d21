package org.mlos.cluster.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.cluster.api.RolloutReport;
import org.mlos.cluster.testing.StubCluster;

import com.hazelcast.internal.json.Json;
import com.hazelcast.internal.json.JsonArray;
import com.hazelcast.internal.json.JsonObject;

/**
 * {@code json cluster rollout …} answered {@code {"text": "<the report's text>"}}: the node had no
 * JSON form of a rollout, so the launcher parsed the text, a format it had to copy from here. The
 * node now writes the report's fields itself; the text form is as it was.
 */
class RolloutJsonWasOnlyItsTextTest {

    private static final String NODE_1 = "58f04565-1111-4222-8333-944444444444";
    private static final String NODE_2 = "b3c0acd2-3e8d-4c52-9e57-4bb43dafe3f3";
    private static final RolloutReport FAILED = new RolloutReport("org.example.hello", "1.2.0", "ab12cd", "cache", 345,
            List.of(new RolloutReport.NodeResult(NODE_1, "INSTALLED", 12, null),
                    new RolloutReport.NodeResult(NODE_2, "FAILED", 40, "did not resolve: \"missing\" package org.x")));
    private static final RolloutReport ROLLED_OUT = new RolloutReport("org.example.hello", "1.2.1", "ef34", "cache", 20,
            List.of(new RolloutReport.NodeResult(NODE_1, "UPDATED", 9, null)));

    @TempDir
    Path tmp;

    @Test
    void theReportsFieldsAreItsMembers() {
        JsonObject o = Json.parse(ClusterJson.rollout(FAILED)).asObject();
        assertEquals(List.of("outcome", "symbolicName", "version", "profile", "totalMillis", "sha256", "nodes"), o.names());
        assertEquals("FAILED", o.get("outcome").asString());
        assertEquals("org.example.hello", o.get("symbolicName").asString());
        assertEquals("1.2.0", o.get("version").asString());
        assertEquals("cache", o.get("profile").asString());
        assertEquals(345, o.get("totalMillis").asLong());
        assertEquals("ab12cd", o.get("sha256").asString());
        JsonArray nodes = o.get("nodes").asArray();
        assertEquals(2, nodes.size());
        JsonObject first = nodes.get(0).asObject();
        assertEquals(List.of("nodeId", "outcome", "millis", "reason"), first.names());
        assertEquals(NODE_1, first.get("nodeId").asString());
        assertEquals("INSTALLED", first.get("outcome").asString());
        assertEquals(12, first.get("millis").asLong());
        assertTrue(first.get("reason").isNull());
        JsonObject second = nodes.get(1).asObject();
        assertEquals("FAILED", second.get("outcome").asString());
        assertEquals("did not resolve: \"missing\" package org.x", second.get("reason").asString());
    }

    @Test
    void theOutcomeComesFirstForTheLaunchersExitCode() {
        // mlos rollout --json exits 0 only on a reply that opens so
        assertTrue(ClusterJson.rollout(ROLLED_OUT).startsWith("{\"outcome\":\"ROLLED_OUT\","), ClusterJson.rollout(ROLLED_OUT));
        assertTrue(ClusterJson.rollout(FAILED).startsWith("{\"outcome\":\"FAILED\","), ClusterJson.rollout(FAILED));
        RolloutReport none = new RolloutReport("org.example.hello", "1.2.1", "ef34", "cache", 1, List.of());
        assertEquals("FAILED", Json.parse(ClusterJson.rollout(none)).asObject().get("outcome").asString(),
                "no node took it: not rolled out, as the text says");
    }

    @Test
    void theRequestAnswersTheReportInBothFormsAndFailuresAsErrors() throws Exception {
        Path jar = Files.writeString(tmp.resolve("hello.jar"), "a jar");
        List<String> asked = new ArrayList<>();
        ClusterCommands commands = new ClusterCommands(rollingOut(asked));

        String json = commands.executeJson(List.of("rollout", "cache", jar.toString(), "--signature", "c2ln"));
        assertEquals(ClusterJson.rollout(ROLLED_OUT), json);
        assertEquals(List.of("cache c2ln"), asked);
        assertEquals(ROLLED_OUT.toText(), commands.execute(List.of("rollout", "cache", jar.toString(), "--signature", "c2ln")));

        // without --signature, the one beside the jar, as the Gogo command reads it
        Files.writeString(tmp.resolve("hello.jar.sig"), "c2lnMg==\n");
        commands.executeJson(List.of("rollout", "cache", jar.toString()));
        assertEquals("cache c2lnMg==", asked.get(asked.size() - 1));

        assertEquals("{\"error\":\"" + ClusterCommands.USAGE + "\"}", commands.executeJson(List.of("rollout", "cache")));
        assertEquals("error: " + ClusterCommands.USAGE, commands.execute(List.of("rollout", "cache")));
        String missing = tmp.resolve("nothing.jar").toString();
        String told = "no bundle jar at " + missing + " on this node: give the path of a jar the node can read (an"
                + " absolute one, on the node's machine)";
        assertEquals("{\"error\":\"" + told + "\"}", commands.executeJson(List.of("rollout", "cache", missing)));
        assertEquals("error: " + told, commands.execute(List.of("rollout", "cache", missing)));
    }

    /** A cluster that answers every rollout with {@link #ROLLED_OUT}, noting the profile and signature it was given. */
    private static StubCluster rollingOut(List<String> asked) {
        return new StubCluster() {
            @Override
            public String localNodeId() {
                return NODE_1;
            }

            @Override
            public RolloutReport rollout(String profile, byte[] jar, String signature) {
                asked.add(profile + " " + signature);
                return ROLLED_OUT;
            }
        };
    }
}
