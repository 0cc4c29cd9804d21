package org.mlos.core.remote;

import java.util.List;

/** Implemented by every generated stub, next to its kind; names start with {@code mlos$} so they cannot clash with the kind's. */
public interface RemoteStub {

    /** The same hash as the kind's dispatcher's {@link RemoteDispatcher#fingerprint()}. */
    long mlos$fingerprint();

    /** The kind's methods, by wire id. */
    List<RemoteMethod> mlos$methods();

    /** The invoker calls go through. */
    RemoteInvoker mlos$invoker();
}
