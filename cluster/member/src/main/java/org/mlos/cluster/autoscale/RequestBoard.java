package org.mlos.cluster.autoscale;

import java.util.List;

/**
 * Where scale requests wait for their executor and outcomes wait for the autoscaler: the cluster's
 * sealed maps ({@link ScaleRequests}), or memory in tests.
 */
interface RequestBoard {

    void submit(ScaleRequest r);

    /** Requests with no outcome yet, oldest first. */
    List<ScaleRequest> pending();

    /** Outcomes not yet taken, oldest first. */
    List<ScaleOutcome> outcomes();

    /** Records an outcome; false if its request was no longer pending. */
    boolean report(ScaleOutcome o);

    void taken(String id);

    boolean withdraw(String id);
}
