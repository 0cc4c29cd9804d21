package org.mlos.cluster.task;

import java.io.IOException;
import java.util.concurrent.Callable;

import org.mlos.cluster.node.LocalNode;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * How a task travels through the Hazelcast executor: one sealed byte array (see
 * {@link org.mlos.cluster.auth.MessageAuth}), written by Hazelcast's own data serialization under
 * a fixed factory and class id, never by Java serialization. The receiver verifies it before it
 * reads anything in it ({@link TaskReceiver}); the result goes back sealed the same way.
 */
public final class SealedTask implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    /** "mlos" in ASCII. */
    public static final int FACTORY_ID = 0x6d6c6f73;
    static final int CLASS_ID = 1;

    private byte[] sealed;
    private transient HazelcastInstance instance;

    public SealedTask() {
        // for Hazelcast, which then reads the bytes
    }

    SealedTask(byte[] sealed) {
        this.sealed = sealed;
    }

    /** The only class our factory makes; any other id is not ours. */
    public static DataSerializableFactory factory() {
        return id -> id == CLASS_ID ? new SealedTask() : null;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.instance = hazelcastInstance;
    }

    @Override
    public byte[] call() {
        return TaskReceiver.answer(LocalNode.of(instance), sealed);
    }

    @Override
    public int getFactoryId() {
        return FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CLASS_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(sealed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        sealed = in.readByteArray();
    }
}
