package org.mlos.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;

/** What a boot failure that names no cause was caused by: the components whose activation threw. */
final class FailedActivations {

    private FailedActivations() {
    }

    /**
     * The components whose activation threw, before a failure that names none: a service got from
     * such a component fails its getter as "Service factory returned null", and a node given a bad
     * bridge setting ended on that line, under the ERROR that named the setting.
     */
    static String named(BundleContext context, String failure) {
        if (!failure.contains("Service factory returned null")) {
            return failure;
        }
        try {
            // components that read one setting fail alike: each reason once, with the components it stopped
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            for (Readiness.Problem p : Readiness.problems(context)) {
                int at = p.text().indexOf(Readiness.FAILED_TO_ACTIVATE);
                if (p.failedStart() && p.text().startsWith("component ") && at > 0) {
                    byReason.computeIfAbsent(p.text().substring(at + Readiness.FAILED_TO_ACTIVATE.length()), r -> new ArrayList<>())
                            .add(p.text().substring("component ".length(), at));
                }
            }
            List<String> told = new ArrayList<>();
            byReason.forEach((reason, components) -> told.add((components.size() == 1 ? "component " : "components ")
                    + String.join(", ", components) + Readiness.FAILED_TO_ACTIVATE + reason));
            return told.isEmpty() ? failure : String.join("; ", told) + " (so " + failure + ")";
        } catch (ReflectiveOperationException | InvalidSyntaxException | RuntimeException unreadable) {
            return failure; // the framework is failing under us: what it said is all there is
        }
    }
}
