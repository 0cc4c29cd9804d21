package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.core.kernel.contract.Ledger;
import org.mlos.core.kernel.contract.MapLedger;
import org.mlos.core.testkinds.Counters;

/**
 * A kind compiled by the kind processor before handles told every {@code @Key} of a mutation still
 * loads on the new core (its import of org.mlos.core.handle is [2.3,3)): an outsider's ledger built
 * so lost 1, 31 and 11 units in 40 live swaps each, every one COMPLETED. The kernel tells such a
 * handle by the field the processor now writes; a kind with a mutation of several keys and an older
 * handle is swapped with callers held, and a warning says to rebuild it.
 */
class AHandleOfAnOlderProcessorLostASecondKeyTest {

    @Test
    void aHandleWithoutTheFieldAndAMutationOfTwoKeysIsTold() {
        assertTrue(KindSlot.firstKeyOnly(Ledger.class, Object.class), "transfer(@Key from, @Key to, …), an older handle");
    }

    @Test
    void aHandleOfThisProcessorOrAKindOfOneKeyIsNot() throws Exception {
        Class<?> handle = Class.forName(Ledger.class.getName() + KindSlot.HANDLE_SUFFIX);
        assertFalse(KindSlot.firstKeyOnly(Ledger.class, handle), "the generated handle carries " + KindSlot.EVERY_KEY);
        assertFalse(KindSlot.firstKeyOnly(Counters.class, Object.class), "one key a mutation: an older handle is whole");
    }

    @Test
    void aKindOfThisProcessorStaysLive() {
        SwapKernel kernel = new SwapKernel();
        kernel.install(Ledger.class, "hash", new MapLedger("hash", false), 0);
        assertTrue(kernel.kind(Ledger.class.getName()).orElseThrow().live());
    }
}
