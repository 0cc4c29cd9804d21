package org.mlos.mem.api;

/**
 * The outcome of {@link KeyValueStore#compareAndSet}.
 *
 * @param status what happened
 * @param cas    the new CAS unique when stored, else 0
 */
public record CasResult(Status status, long cas) {

    public enum Status {
        /** Stored: the CAS unique matched. */
        STORED,
        /** Not stored: the item changed since the CAS unique was read. */
        EXISTS,
        /** Not stored: no such item. */
        NOT_FOUND
    }

    public static CasResult stored(long cas) {
        return new CasResult(Status.STORED, cas);
    }

    public static final CasResult EXISTS = new CasResult(Status.EXISTS, 0);
    public static final CasResult NOT_FOUND = new CasResult(Status.NOT_FOUND, 0);
}
