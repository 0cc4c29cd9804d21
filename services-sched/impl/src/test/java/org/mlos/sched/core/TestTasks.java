package org.mlos.sched.core;

/** Tasks for tests of the queues, numbered (the number is the task's key). */
public final class TestTasks {

    private TestTasks() {
    }

    public static Task task(int id) {
        return new Task(id, () -> { }, 0L, 0);
    }

    public static int id(Task t) {
        return (Integer) t.key();
    }
}
