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
     * The components whose activation threw, for a failure that names none: a service got from
     * such a component fails its getter as "Service factory returned null", and a node given a bad
     * bridge setting ended on that line, under the ERROR that named the setting. The framework's
     * words (a bundle of the kernel's, a component's number) are no operator's: they go to the
     * log at DEBUG ({@code --set mlos.log.levels=org.mlos.launcher.FailedActivations:FINE}).
     */
    static String named(BundleContext context, String failure) {
        if (!failure.contains("Service factory returned null")) {
            return failure;
        }
        try {
            // components that read one setting fail alike: each reason once, with the components it stopped
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            for (Readiness.Problem p : Readiness.problems(context)) {
                if (p.activation() != null) {
                    byReason.computeIfAbsent(p.activation().reason(), r -> new ArrayList<>()).add(p.activation().component());
                }
            }
            List<String> told = new ArrayList<>();
            byReason.forEach((reason, components) -> told.add(ActivationFailure.told(components, reason)));
            if (told.isEmpty()) {
                return failure;
            }
            System.getLogger(FailedActivations.class.getName()).log(System.Logger.Level.DEBUG,
                    "the framework's words for the boot's failure: " + failure);
            return String.join("; ", told);
        } catch (ReflectiveOperationException | InvalidSyntaxException | RuntimeException unreadable) {
            return failure; // the framework is failing under us: what it said is all there is
        }
    }
}
