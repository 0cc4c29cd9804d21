package org.mlos.launcher.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The autoscaler reads what a node's {@code scale loads} prints (cluster/member's NodeLoad.line()): the format is a contract. */
class NodeFiguresTest {

    @Test
    void readsTheLinesNodesPrint() {
        List<NodeFigures> f = NodeFigures.parse(
                "id=1f0e pid=4711 profile=cache state=serving cpu=0.125 ops=4120.5 items=1000 injected=false updated=1\n"
                        + "id=2a0b profile=cache pid=4712 state=joining cpu=-1.000 ops=0.0 items=-1 injected=true updated=2\n");
        assertEquals(2, f.size());
        assertEquals(new NodeFigures("1f0e", "cache", 4711, "serving", 0.125, 4120.5, 1000, false), f.get(0));
        assertTrue(f.get(0).serving());
        assertEquals("joining", f.get(1).state());
        assertTrue(f.get(1).injected() && !f.get(1).serving());
    }

    @Test
    void aLineThatIsNotALoadIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NodeFigures.parse("error: unknown request scale"))
                .getMessage().contains("not a load line"));
    }
}
