package org.mlos.bridge.commands;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream to its end, keeping at most {@code max} bytes: a command that writes without end
 * costs the host {@code max} bytes, and is not blocked on a full pipe either (the rest is read and
 * dropped).
 */
final class BoundedSink implements Runnable {

    private final InputStream in;
    private final int max;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean cut;

    BoundedSink(InputStream in, int max) {
        this.in = in;
        this.max = max;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0;) {
                int room = max - kept.size();
                if (n > room) {
                    cut = true;
                }
                synchronized (kept) {
                    kept.write(buf, 0, Math.max(0, Math.min(n, room)));
                }
            }
        } catch (IOException e) {
            // the process was killed under us, or its pipe closed: keep what came
        }
    }

    byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    boolean cut() {
        return cut;
    }
}
