package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code mlos cluster up --set foo} failed inside the first node's start with NodeOptions'
 * exception, which the command line printed as a stack trace. The arguments are now checked as the
 * node checks them before any node starts, and the failure is an IllegalArgumentException, which
 * the command line reports as a usage error (exit 2).
 */
class NodeArgumentsTest {

    @Test
    void aBadSetFailsAsTheNodeWouldSayIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeArguments.check("worker", List.of("--port", "0", "--set", "foo")));
        assertEquals("--set takes key=value, got 'foo'", e.getMessage());
        NodeArguments.check("cache", List.of("--port", "0", "--set", "mlos.cluster.name=x", "-m", "32"));
    }
}
