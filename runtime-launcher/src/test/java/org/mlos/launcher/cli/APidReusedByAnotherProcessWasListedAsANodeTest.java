package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.testing.FakeNode;
import org.mlos.launcher.testing.LivePids;

/**
 * 'mlos nodes' counted any live pid as a node: the socket of a node that died, its pid since reused
 * by another process, was listed as a running node, where the scale and 'cluster down' asked
 * {@code Processes.node} and took it for dead. Now it is a dead node's, cleared as the others are.
 */
class APidReusedByAnotherProcessWasListedAsANodeTest {

    @RegisterExtension
    final LivePids pids = new LivePids();

    @Test
    void aSocketWhosePidRunsAnotherProgramIsNoNodeAndIsCleared() throws Exception {
        long reused = pids.other().pid();
        long node = pids.node();
        try (FakeNode dead = FakeNode.inControlDir("cache", reused, FakeNode::unknown);
                FakeNode live = FakeNode.inControlDir("cache", node, FakeNode::unknown)) {
            Path stale = ControlSocket.of("cache", reused);

            List<Long> listed = NodeClient.running().stream().map(NodeClient.RunningNode::pid).toList();

            assertFalse(listed.contains(reused), "the reused pid's socket was listed: " + listed);
            assertTrue(listed.contains(node), "the live node was not listed: " + listed);
            assertFalse(Files.exists(stale), "the dead node's socket was left");
        }
    }
}
