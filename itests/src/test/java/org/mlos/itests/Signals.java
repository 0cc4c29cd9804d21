package org.mlos.itests;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Signals to a node's process, as an operator's {@code kill -STOP} and {@code kill -CONT} are. */
final class Signals {

    private Signals() {
    }

    static void send(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }
}
