package org.mlos.fault.api;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes {@link RecordLog}s of one implementation. Each journal bundle registers one, with the
 * service property {@value #IMPL} naming the implementation ({@code chronicle}; not
 * {@code mlos.impl}, which the kernel reads as a kind's implementation); a durable store journals
 * into the one {@value #STORE_JOURNAL_PROPERTY} names.
 */
@ProviderType
public interface RecordLogs {

    /** Framework property: the implementation of a durable store's journal, default {@code segments}. */
    String STORE_JOURNAL_PROPERTY = "mlos.fault.store.journal";

    /** Service property: the implementation a {@code RecordLogs} makes logs of. */
    String IMPL = "mlos.fault.log";

    /**
     * Opens (creating) the log in {@code dir}, a folder no other log uses.
     *
     * @param segmentBytes how large a segment (a file) is; a record may take a part of it
     */
    RecordLog open(Path dir, int segmentBytes);
}
