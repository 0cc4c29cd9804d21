package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.mlos.launcher.process.NodeLayout;
import org.mlos.launcher.process.NodeProcess;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Two worker nodes with a cluster secret and a trusted rollout key, and two strangers that know
 * the cluster's Hazelcast name (seen on the wire) and the wire formats but not the secret: a
 * Hazelcast client, which the members do not let in at all, and a Hazelcast member. The member tries
 * to swap, roll out and forge registry entries; every attempt is refused, nothing changes, and each
 * node logs the refusal. Then the operator's own rollouts: unsigned and
 * tampered jars are refused by every node, a signed one installs.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAuthIT {

    private static final String CLUSTER = "itest-auth-" + UUID.randomUUID();
    private static final int PORT = 17701;
    private static ClusterCredentials credentials;
    private static NodeProcess first;
    private static NodeProcess second;
    private static HazelcastInstance rogueMember;

    private static String seen;

    @BeforeAll
    static void start() throws Exception {
        credentials = ClusterCredentials.create();
        first = startWorker();
        second = startWorker();
        awaitRegistry(first, r -> r.size() == 2);
        // Hazelcast's cluster name carries a digest of the secret, but travels in the clear: these
        // strangers saw it on the wire.
        seen = credentials.hazelcastClusterName(CLUSTER);
        Config member = new Config().setClusterName(seen).setInstanceName("rogue-" + UUID.randomUUID());
        member.setProperty("hazelcast.phone.home.enabled", "false");
        member.setProperty("hazelcast.wait.seconds.before.join", "0");
        member.getSerializationConfig().addDataSerializableFactory(RogueTask.FACTORY_ID, id -> new RogueTask());
        member.getNetworkConfig().setPort(PORT + 15).setPortAutoIncrement(true);
        member.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = member.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + PORT).addMember("127.0.0.1:" + (PORT + 1));
        rogueMember = Hazelcast.newHazelcastInstance(member);
    }

    private static NodeProcess startWorker() throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--set", "mlos.cluster.name=" + CLUSTER,
                "--set", "mlos.cluster.port=" + PORT));
        args.addAll(credentials.nodeArgs());
        NodeProcess n = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "worker", args, List.of(), null);
        n.awaitReady(Duration.ofSeconds(120));
        return n;
    }

    @AfterAll
    static void stop() {
        for (NodeProcess n : new NodeProcess[] { first, second }) {
            if (n != null) {
                n.output().lines().filter(l -> l.contains("refused")).forEach(l -> System.out.println("node " + n.pid() + ": " + l));
            }
        }
        if (rogueMember != null) {
            rogueMember.shutdown();
        }
        for (NodeProcess n : new NodeProcess[] { first, second }) {
            if (n != null) {
                n.stop(Duration.ofSeconds(15));
            }
        }
    }

    /**
     * A client that knew the name put values every node read (a list declaring 2^31 elements
     * stopped every node out of memory): the members take no client at all.
     */
    @Test
    @Order(0)
    void aStrangersClientIsNotLetIn() {
        ClientConfig client = new ClientConfig().setClusterName(seen);
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress("127.0.0.1:" + PORT, "127.0.0.1:" + (PORT + 1));
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5000);
        HazelcastInstance[] connected = new HazelcastInstance[1];
        try {
            assertThrows(IllegalStateException.class, () -> connected[0] = HazelcastClient.newHazelcastClient(client));
        } finally {
            if (connected[0] != null) {
                connected[0].shutdown();
            }
        }
    }

    @Test
    @Order(1)
    void aStrangerCannotSwap() throws Exception {
        for (HazelcastInstance rogue : List.of(rogueMember)) {
            for (String id : nodeIds()) {
                Member target = member(rogue, id);
                String reply = new String(rogue.getExecutorService("mlos.cluster.tasks")
                        .submitToMember(new RogueTask(forged(id, "swap", "Scheduler", "pool")), target)
                        .get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
                assertTrue(reply.contains("REFUSED") && reply.contains("unauthenticated task refused: bad MAC"), reply);
            }
        }
        String member = address(rogueMember.getCluster().getLocalMember().getAddress());
        for (NodeProcess n : List.of(first, second)) {
            assertTrue(n.request("kinds").matches("(?s).*Scheduler\\s+loops\\s.*"), "nothing swapped:\n" + n.request("kinds"));
            assertTrue(awaitOutput(n, "refused a cluster task from rogue@"), "the refusal is logged:\n" + n.output());
            // Not only the address the stranger claims (6666): the real ones of both strangers
            String line = n.output().lines().filter(l -> l.contains("refused a cluster task from rogue@")).findFirst().orElseThrow();
            assertTrue(line.contains("members without a verified registry entry: " + member + " ("), line);
            assertTrue(line.contains("clients connected to this member: none"), line);
        }
    }

    @Test
    @Order(2)
    void aStrangerCannotRollOut() throws Exception {
        Path jar = ClusterIT.bundle("org.mlos.itest.rogue", "6.6.6", null);
        String sha = sha256(Files.readAllBytes(jar));
        for (HazelcastInstance rogue : List.of(rogueMember)) {
            rogue.<String, byte[]>getMap("mlos.cluster.jars").put(sha, Files.readAllBytes(jar));
            for (String id : nodeIds()) {
                String reply = new String(rogue.getExecutorService("mlos.cluster.tasks")
                        .submitToMember(new RogueTask(forged(id, "install", sha, "")), member(rogue, id))
                        .get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
                assertTrue(reply.contains("REFUSED"), reply);
            }
        }
        assertTrue(registryLines(first).stream().noneMatch(l -> l.contains("org.mlos.itest.rogue")), "nothing installed");
    }

    @Test
    @Order(3)
    void aStrangerCannotForgeTheRegistry() throws Exception {
        String victim = nodeIds().get(0);
        rogueMember.<String, byte[]>getMap("mlos.nodes").put(victim, forged(victim, "rogue"));
        rogueMember.<String, byte[]>getMap("mlos.nodes").put(
                rogueMember.getCluster().getLocalMember().getUuid().toString(), forged("me", "rogue"));
        rogueMember.<String, byte[]>getMap("mlos.nodes").put(victim, "not even sealed".getBytes(StandardCharsets.UTF_8));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            for (NodeProcess n : List.of(first, second)) {
                List<String> lines = registryLines(n);
                assertTrue(lines.size() <= 2, "only the two real nodes: " + lines);
                assertTrue(lines.stream().allMatch(l -> l.contains(" profile=worker ")), "no forged entry listed: " + lines);
            }
            Thread.sleep(100);
        }
        // The victim's next refresh puts its real entry back.
        assertEquals(2, awaitRegistry(second, r -> r.size() == 2).size());
        assertTrue(awaitOutput(first, "refused registry entry"), "the forgery is logged:\n" + first.output());
        // The stranger member's writes are logged with its real address, from Hazelcast's event: the
        // first of them in full, the other two counted in one line when the 10 s period ends (a
        // stranger writing as fast as it likes wrote a line a write).
        String via = " written via member " + address(rogueMember.getCluster().getLocalMember().getAddress());
        for (NodeProcess n : List.of(first, second)) {
            assertTrue(awaitOutput(n, via + " ", Duration.ofSeconds(10)), "logged with the writer's address (" + via + "):\n" + n.output());
            assertTrue(n.output().lines().anyMatch(l -> l.contains("refused registry entry ") && l.contains(via + " ")),
                    "the first refusal in full:\n" + n.output());
            assertTrue(awaitOutput(n, "refused 2 more registry entries" + via + " in the last ", Duration.ofSeconds(20)),
                    "the other two counted:\n" + n.output());
            assertEquals(1, refusedEntries(n), "one line in full:\n" + n.output());
        }
    }

    @Test
    @Order(3)
    void aStrangersAtomicSwapDecisionIsLoggedWithItsAddress() throws Exception {
        String swapId = UUID.randomUUID().toString();
        rogueMember.<String, byte[]>getMap("mlos.cluster.atomic").put(swapId, forgedDecision(swapId));
        String written = "refused the decision of atomic swap " + swapId + " written via member "
                + address(rogueMember.getCluster().getLocalMember().getAddress()) + " ";
        for (NodeProcess n : List.of(first, second)) {
            assertTrue(awaitOutput(n, written), "logged with the writer's address (" + written + "):\n" + n.output());
        }
    }

    @Test
    @Order(4)
    void anUnsignedRolloutIsRefusedByEveryNode() throws Exception {
        Path jar = ClusterIT.bundle("org.mlos.itest.signed", "1.0.0", null);
        // every node asked together: each checks the signature itself
        String report = first.request("cluster rollout worker " + jar + " --all-at-once");
        assertTrue(report.startsWith("REFUSED"), "refused by every node, nothing changed: " + report);
        assertEquals(1 + 2, count(report, "REFUSED"), report);
        assertTrue(report.contains("not signed"), report);
    }

    @Test
    @Order(5)
    void aTamperedRolloutIsRefusedByEveryNode() throws Exception {
        Path jar = ClusterIT.bundle("org.mlos.itest.signed", "1.0.0", null);
        String signature = credentials.sign(jar);
        Path tampered = ClusterIT.bundle("org.mlos.itest.signed", "1.0.1", null);
        String report = first.request("cluster rollout worker " + tampered + " --signature " + signature + " --all-at-once");
        assertTrue(report.startsWith("REFUSED"), report);
        assertEquals(1 + 2, count(report, "REFUSED"), report);
        assertTrue(report.contains("does not match this jar"), report);
        assertTrue(registryLines(first).stream().noneMatch(l -> l.contains("org.mlos.itest.signed")), "nothing installed");
    }

    @Test
    @Order(6)
    void aSignedRolloutInstallsOnEveryNode() throws Exception {
        Path jar = ClusterIT.bundle("org.mlos.itest.signed", "1.0.0", null);
        String report = second.request("cluster rollout worker " + jar + " --signature " + credentials.sign(jar));
        assertTrue(report.startsWith("ROLLED_OUT org.mlos.itest.signed 1.0.0 to profile worker nodes=2"), report);
        assertEquals(2, count(report, "INSTALLED"), report);
    }

    /**
     * Two nodes without a secret (each then has one of its own) joined one Hazelcast cluster on the
     * same name and ports, and each logged the other's registry entries as refused ("bad MAC")
     * every 2 s while both ran. A node without this cluster's secret, its name and ports, is now
     * refused by Hazelcast at the join: it ends its join alone, and the cluster never counts it.
     */
    @Test
    @Order(7)
    void aNodeWithoutTheSecretNeverJoinsTheCluster() throws Exception {
        int before = rogueMember.getCluster().getMembers().size();
        long refusalsBefore = refusedEntries(first) + refusedEntries(second);
        // mlos.cluster.secret.file set, and empty: not even the user's secret (mlos run's default).
        NodeProcess loner = NodeProcess.start(NodeLayout.of(ItestOptions.root()), "worker", List.of("--port", "0",
                "--set", "mlos.cluster.name=" + CLUSTER, "--set", "mlos.cluster.port=" + PORT,
                "--set", "mlos.cluster.secret.file="), List.of(), null);
        try {
            loner.awaitReady(Duration.ofSeconds(120)); // the joined line: its join is over
            assertTrue(loner.output().contains("no cluster secret"), loner.output());
            String safe = loner.request("cluster safe");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("data_members=(\\d+) lite_members=(\\d+)").matcher(safe);
            assertTrue(m.find(), safe);
            assertEquals(1, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)), "alone: " + safe);
            assertEquals(before, rogueMember.getCluster().getMembers().size(), rogueMember.getCluster().getMembers().toString());
            assertEquals(2, registryLines(first).size(), registryLines(first).toString());
            assertEquals(1, awaitRegistry(loner, r -> r.size() == 1).size(), registryLines(loner).toString());
            // Its entry is in its own cluster's registry only: nobody had one to refuse.
            assertEquals(refusalsBefore, refusedEntries(first) + refusedEntries(second));
            assertEquals(0, refusedEntries(loner), loner.output());
        } finally {
            loner.stop(Duration.ofSeconds(15));
        }
    }

    /** A sealed message as a stranger makes it: the right format and a MAC under a secret of its own. */
    private static byte[] forged(String target, String op, String... args) throws Exception {
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(payload);
        out.writeBoolean(true);
        out.writeUTF(target);
        out.writeBoolean(true);
        out.writeUTF(op);
        out.writeLong(args.length);
        for (String a : args) {
            out.writeBoolean(true);
            out.writeUTF(a);
        }
        return sealedByAStranger(op.equals("rogue") ? "node" : "task", payload.toByteArray());
    }

    /** An atomic swap's decision to commit, as a stranger forges it. */
    private static byte[] forgedDecision(String swapId) throws Exception {
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(payload);
        out.writeBoolean(true);
        out.writeUTF(swapId);
        out.writeBoolean(true);
        out.writeUTF("commit");
        return sealedByAStranger("decision", payload.toByteArray());
    }

    private static byte[] sealedByAStranger(String kind, byte[] p) throws Exception {
        byte[] type = kind.getBytes(StandardCharsets.UTF_8);
        byte[] sender = "rogue@127.0.0.1:6666".getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + type.length + 2 + sender.length + 8 + 16 + 4 + p.length + 32);
        b.put("MLA1".getBytes(StandardCharsets.US_ASCII)).putShort((short) type.length).put(type)
                .putShort((short) sender.length).put(sender).putLong(System.currentTimeMillis()).put(nonce)
                .putInt(p.length).put(p);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        byte[] guess = new byte[32];
        new SecureRandom().nextBytes(guess);
        mac.init(new javax.crypto.spec.SecretKeySpec(guess, "HmacSHA256"));
        mac.update(b.array(), 0, b.position());
        b.put(mac.doFinal());
        return b.array();
    }

    /** Our task's factory and class id, as anyone reading the source knows them. */
    static final class RogueTask implements Callable<byte[]>, IdentifiedDataSerializable {
        static final int FACTORY_ID = 0x6d6c6f73;
        private byte[] sealed;

        RogueTask() {
        }

        RogueTask(byte[] sealed) {
            this.sealed = sealed;
        }

        @Override
        public byte[] call() {
            throw new IllegalStateException("runs on the nodes, as their own task class");
        }

        @Override
        public int getFactoryId() {
            return FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return 1;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeByteArray(sealed);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            sealed = in.readByteArray();
        }
    }

    /** host:port, as the nodes write addresses in their log. */
    private static String address(com.hazelcast.cluster.Address a) {
        return a.getHost() + ":" + a.getPort();
    }

    private static List<String> nodeIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String l : registryLines(first)) {
            ids.add(l.substring("node id=".length(), l.indexOf(' ', "node id=".length())));
        }
        return ids;
    }

    private static Member member(HazelcastInstance rogue, String id) {
        for (Member m : rogue.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no member " + id);
    }

    private static List<String> registryLines(NodeProcess via) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : via.request("cluster nodes --lines").split("\n")) {
            if (line.startsWith("node ")) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> awaitRegistry(NodeProcess via, Predicate<List<String>> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> r = registryLines(via);
        while (!condition.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = registryLines(via);
        }
        return r;
    }

    private static boolean awaitOutput(NodeProcess n, String text) throws InterruptedException {
        return awaitOutput(n, text, Duration.ofSeconds(10));
    }

    private static boolean awaitOutput(NodeProcess n, String text, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!n.output().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return n.output().contains(text);
    }

    private static long refusedEntries(NodeProcess n) {
        return n.output().lines().filter(l -> l.contains("refused registry entry")).count();
    }

    private static int count(String text, String word) {
        int n = 0;
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            n++;
        }
        return n;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
