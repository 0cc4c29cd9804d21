package org.mlos.cluster.swap;

import java.io.Serializable;
import java.util.concurrent.Callable;

import org.mlos.cluster.member.LocalNode;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

/**
 * Work sent to one member: it runs there against that node's kernel and framework, and its
 * result comes back. Hazelcast deserialises it with the cluster bundle's class loader.
 */
public abstract class NodeTask implements Callable<TaskResult>, Serializable, HazelcastInstanceAware {

    private static final long serialVersionUID = 1L;

    private transient HazelcastInstance instance;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    protected HazelcastInstance instance() {
        return instance;
    }

    @Override
    public final TaskResult call() {
        long start = System.nanoTime();
        try {
            TaskResult r = run(LocalNode.of(instance));
            return r.withMillis((System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            return new TaskResult("FAILED", (System.nanoTime() - start) / 1_000_000, String.valueOf(e.getMessage()), null);
        }
    }

    protected abstract TaskResult run(LocalNode node);
}
