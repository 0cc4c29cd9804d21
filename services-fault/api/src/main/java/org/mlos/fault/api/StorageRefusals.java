package org.mlos.fault.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Calls an implementation answered with an error because the storage under it refused them (a
 * full or failing disk), where taking them anyway would acknowledge what it cannot keep: a durable
 * store's writes its journal refused. Register one as an OSGi service with {@value #KIND} naming
 * the kind and {@value #IMPL} the implementation.
 *
 * <p>The swap supervisor does not count these against an implementation on probation, and does
 * not swap back for them: the implementation is keeping its word (journal before serve), what
 * fails is the disk, and the one before it would either fail the same way (a journal on the same
 * disk) or take the writes without keeping them (a memory store), which is what swapping to a
 * durable implementation was meant to end. The probation's verdict says them instead of
 * "passed", and what the operator can do.
 *
 * @since 1.5
 */
@ConsumerType
public interface StorageRefusals {

    /** Service property: the kind whose implementation refuses (fully qualified name). */
    String KIND = HealthCheck.KIND;

    /** Service property: the implementation that refuses ({@code durable}). */
    String IMPL = "mlos.fault.refusing.impl";

    /** Calls refused for the storage's sake since the implementation started; never decreases. */
    long refused();

    /** Why the last of them was refused, in words an operator can act on; null before the first. */
    String lastReason();
}
