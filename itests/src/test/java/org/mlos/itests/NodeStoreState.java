package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.mlos.launcher.process.NodeProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A node's KeyValueStore as its control socket tells it (json kinds, swaps, history), and bounded waits on it. */
final class NodeStoreState {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY_VALUE_STORE = "org.mlos.mem.api.KeyValueStore";

    private NodeStoreState() {
    }

    /** Polls (bounded: 60 s) until the node runs {@code store}, or the swap ended; true if it runs it. */
    static boolean awaitSwapped(NodeProcess node, String store, CompletableFuture<String> swap) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!swap.isDone() && System.nanoTime() < deadline) {
            if (store.equals(activeStore(kinds(node)))) {
                return true;
            }
            Thread.sleep(5);
        }
        return store.equals(activeStore(kinds(node)));
    }

    /** Whether a node has a store swap under way ({@code json swaps}). */
    static boolean storeSwapUnderWay(NodeProcess node) throws IOException {
        return JSON.readTree(node.request("json swaps")).path("swaps").findValues("kind").stream()
                .anyMatch(k -> k.asText().equals(KEY_VALUE_STORE));
    }

    /** Waits (bounded) until a node has a store swap under way, unless the cluster swap ended first. */
    static boolean awaitStoreSwapUnderWay(NodeProcess node, CompletableFuture<String> swap) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!swap.isDone() && System.nanoTime() < deadline) {
            if (storeSwapUnderWay(node)) {
                return true;
            }
            Thread.sleep(5);
        }
        return storeSwapUnderWay(node);
    }

    /** Waits (bounded) until a node has no store swap under way and runs {@code store}. */
    static void awaitStoreSettled(NodeProcess node, String store) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storeSwapUnderWay(node) || !store.equals(activeStore(kinds(node)))) {
            if (System.nanoTime() > deadline) {
                return; // the caller's assertions say what is wrong
            }
            Thread.sleep(50);
        }
    }

    /** A node's most recent swap of the store ({@code json history}). */
    static JsonNode lastStoreSwap(NodeProcess node) throws IOException {
        JsonNode last = MissingNode.getInstance();
        for (JsonNode h : JSON.readTree(node.request("json history")).path("history")) {
            if (h.path("kind").asText().equals(KEY_VALUE_STORE)) {
                last = h;
            }
        }
        return last;
    }

    /** A node's kinds ({@code json kinds}). */
    static JsonNode kinds(NodeProcess node) throws IOException {
        JsonNode kinds = JSON.readTree(node.request("json kinds"));
        assertTrue(kinds.has("kinds"), kinds.toString());
        return kinds;
    }

    static JsonNode store(JsonNode kinds) {
        for (JsonNode k : kinds.get("kinds")) {
            if (k.get("kind").asText().equals(KEY_VALUE_STORE)) {
                return k;
            }
        }
        throw new AssertionError("no KeyValueStore in " + kinds);
    }

    /** The active implementation of KeyValueStore. */
    static String activeStore(JsonNode kinds) {
        return store(kinds).get("active").asText();
    }

    /** How often KeyValueStore was swapped. */
    static int storeSwaps(JsonNode kinds) {
        return store(kinds).get("swaps").asInt();
    }
}
