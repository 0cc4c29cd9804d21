package org.mlos.launcher.scale;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * Carries out the cluster autoscaler's scale requests for a local cluster, in the process that
 * owns its node processes (the supervisor): asks a running node for the pending requests
 * ({@code autoscale requests}; the node verified each with the cluster secret), makes each change
 * with {@link LocalScaler} as {@code mlos scale} would (under the profile's {@link ScaleLock}, so
 * a manual scale under way makes it {@code refused}), and reports the outcome back ({@code
 * autoscale outcome …}), which the autoscaler journals. A request whose outcome could not be
 * reported is reported again at the next poll, never carried out twice.
 */
public final class ScaleRequestExecutor {

    /** A pending request as a node listed it; {@code to}, the node count its decision wanted, or -1 if not said. */
    record Request(String id, String profile, int change, int to) {

        static Request parse(String line) {
            Map<String, String> f = new HashMap<>();
            for (String kv : line.trim().split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    f.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if (!line.startsWith("request ") || !f.containsKey("id") || !f.containsKey("profile") || !f.containsKey("change")) {
                throw new IllegalArgumentException("not a scale request line: " + line);
            }
            return new Request(f.get("id"), f.get("profile"), Integer.parseInt(f.get("change").replace("+", "")),
                    f.containsKey("to") ? Integer.parseInt(f.get("to")) : -1);
        }
    }

    private final LocalScaler scaler;
    private final Consumer<String> say;
    /** Whether the node of a slot is being restarted now (by the supervisor in this process). */
    private final Predicate<String> restarting;
    private final Map<String, String> unreported = new HashMap<>(); // request id -> its outcome's arguments

    public ScaleRequestExecutor(LocalScaler scaler, Consumer<String> say, Predicate<String> restarting) {
        this.scaler = scaler;
        this.say = say;
        this.restarting = restarting;
    }

    /**
     * How many nodes of the profile run or are being restarted, if that already makes the count a
     * scale-out request wanted; else -1. A node's death read "below the minimum" to the autoscaler
     * while the supervisor restarted it, and the request added one beside it (drained later).
     */
    int alreadyThere(Request r) throws IOException {
        if (r.change() <= 0 || r.to() < 0) {
            return -1;
        }
        int n = 0;
        for (ClusterFiles.Entry e : scaler.listed()) {
            if (e.profile().equals(r.profile()) && (org.mlos.launcher.Processes.node(e.pid())
                    || e.node() != null && restarting.test(e.node().slot()))) {
                n++;
            }
        }
        return n >= r.to() ? n : -1;
    }

    /** One look for requests; carries out each. Returns how many it carried out (or refused). */
    public int poll() throws IOException, InterruptedException {
        List<ClusterFiles.Entry> running = scaler.running();
        String reply = ask(running, "autoscale requests");
        if (reply == null) {
            return 0; // no node answers yet (joining), or none has the autoscale command
        }
        int n = 0;
        for (String line : reply.split("\n")) {
            if (!line.startsWith("request ")) {
                continue;
            }
            Request r = Request.parse(line);
            String outcome = unreported.get(r.id());
            if (outcome == null) {
                outcome = carryOut(r);
                unreported.put(r.id(), outcome);
                n++;
            }
            if (ask(scaler.running(), "autoscale outcome " + outcome) != null) {
                unreported.remove(r.id());
            } else {
                say.accept("could not report the outcome of request " + r.id() + " yet: " + outcome);
            }
        }
        return n;
    }

    private String carryOut(Request r) throws InterruptedException {
        say.accept("carrying out the autoscaler's request " + r.id() + ": " + r.profile() + " " + (r.change() > 0 ? "+" : "")
                + r.change());
        String head = r.id() + " " + r.profile() + " ";
        try {
            int there = alreadyThere(r);
            if (there >= 0) {
                say.accept("request " + r.id() + " done: " + r.profile() + " has " + there + " node(s), one or more being"
                        + " restarted, as the request wanted " + r.to() + ": nothing added");
                return head + "done before=" + there + " after=" + there + " moved=0 ms=0";
            }
            LocalScaler.Result res = scaler.change(r.profile(), r.change(), "the autoscaler's request " + r.id() + " ("
                    + (r.change() > 0 ? "+" : "") + r.change() + "), carried out by the supervisor pid "
                    + ProcessHandle.current().pid());
            res.lines().forEach(say);
            say.accept("request " + r.id() + " done: " + r.profile() + " " + res.before() + " -> " + res.after() + " moved="
                    + res.moved() + " ms=" + res.millis());
            return head + "done before=" + res.before() + " after=" + res.after() + " moved=" + res.moved() + " ms="
                    + res.millis();
        } catch (ScaleLock.Busy busy) {
            say.accept("request " + r.id() + " refused: " + busy.getMessage());
            return head + "refused " + oneLine(busy.getMessage());
        } catch (IOException | RuntimeException e) {
            say.accept("request " + r.id() + " failed: " + e);
            return head + "failed " + oneLine(String.valueOf(e.getMessage()));
        }
    }

    /** The first running node's answer that is not an error (an unknown command is one), or null. */
    private static String ask(List<ClusterFiles.Entry> running, String request) {
        for (ClusterFiles.Entry e : new ArrayList<>(running)) {
            try {
                String r = NodeRequests.request(e, request);
                if (!r.startsWith("error")) {
                    return r;
                }
            } catch (IOException unreachable) {
                // the next node
            }
        }
        return null;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
