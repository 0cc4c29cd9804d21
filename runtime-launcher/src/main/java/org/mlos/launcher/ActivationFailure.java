package org.mlos.launcher;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A component whose activation threw, told as an operator reads it. A setting the component
 * refused ({@code mlos.fault.durability=sync} without {@code mlos.fault.dir}, a checkpoint period
 * that is no number) is told in the setting's own words, the component after them: the operator
 * gave the setting, not the Java class, and "component org.mlos.fault.durable.DurableStoreRegistrar
 * failed to activate: IllegalArgumentException: …" made them read past two names of ours first.
 *
 * @param component the component's name
 * @param reason the first line of what DS recorded, the exception's class unqualified
 */
record ActivationFailure(String component, String reason) {

    /** Between a component's name and its reason, for failures that are not a setting's. */
    private static final String FAILED_TO_ACTIVATE = " failed to activate: ";

    /** A refusal that names one of our settings: {@code mlos.} and a lower-case word, not in a class name ({@code org.mlos.…}). */
    private static final Pattern SETTING = Pattern.compile("IllegalArgumentException: (.*(?<![\\w.])mlos\\.[a-z].*)");

    String told() {
        return told(List.of(component), reason);
    }

    /**
     * The part of what {@link #told} says that names {@code reason} whatever the component: the log
     * line of a failure the launch's verdict tells is dropped, and only that one.
     */
    static String toldPart(String reason) {
        Matcher setting = SETTING.matcher(reason);
        return setting.matches() ? setting.group(1) + " (refused by " : FAILED_TO_ACTIVATE + reason;
    }

    /** What the launch says of {@code components} that failed alike, for {@code reason}. */
    static String told(List<String> components, String reason) {
        String names = (components.size() == 1 ? "component " : "components ") + String.join(", ", components);
        Matcher setting = SETTING.matcher(reason);
        if (setting.matches()) {
            return setting.group(1) + " (refused by " + names + ")";
        }
        return names + FAILED_TO_ACTIVATE + reason;
    }
}
