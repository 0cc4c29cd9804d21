package org.mlos.core.remote;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.core.testkinds.Carrier;
import org.mlos.core.testkinds.EchoCarrier;

/** A message that does not decode fails with a WireFormatException saying why, and allocates nothing it claims. */
class CorruptMessageTest {

    private final RemoteDispatcher dispatcher = RemoteKinds.dispatcher(Carrier.class, new EchoCarrier());

    private int id(String name) {
        return dispatcher.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().id();
    }

    @Test
    void truncatedArgumentsAreRefused() {
        byte[] half = new WireOut().writeInt(7).toByteArray();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> dispatcher.dispatch(id("l"), new WireIn(half, 0, 2), new WireOut()));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aHugeLengthDoesNotAllocate() {
        byte[] lie = new WireOut().writeByte(1).writeInt(Integer.MAX_VALUE).toByteArray();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> dispatcher.dispatch(id("list"), new WireIn(lie), new WireOut()));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void anOrdinalOutOfRangeIsRefused() {
        byte[] bad = new WireOut().writeByte(1).writeInt(3).toByteArray();
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> dispatcher.dispatch(id("color"), new WireIn(bad), new WireOut()));
        assertTrue(e.getMessage().contains("Color"), e.getMessage());
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] extra = new WireOut().writeInt(1).writeInt(2).toByteArray();
        assertThrows(WireFormatException.class, () -> dispatcher.dispatch(id("i"), new WireIn(extra), new WireOut()));
    }

    @Test
    void anUnknownMethodNumberIsRefused() {
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> dispatcher.dispatch(999, new WireIn(new byte[0]), new WireOut()));
        assertTrue(e.getMessage().contains("no method number 999"), e.getMessage());
    }

    @Test
    void aBooleanByteOtherThanZeroOrOneIsRefused() {
        assertThrows(WireFormatException.class,
                () -> dispatcher.dispatch(id("z"), new WireIn(new byte[] {2}), new WireOut()));
    }
}
