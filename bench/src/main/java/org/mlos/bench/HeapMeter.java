package org.mlos.bench;

/** Heap in use after a full collection: how many bytes a data structure costs the garbage collector. */
public final class HeapMeter {

    private HeapMeter() {
    }

    public static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
