package org.mlos.core.osgi;

import org.mlos.core.kernel.KindPreference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One kind's configuration, from a factory configuration of PID {@value #PID}. Creating or
 * updating one swaps the kind to the configured implementation (if installed; otherwise as soon
 * as it is); deleting one leaves the active implementation in place.
 */
@Component(service = {}, configurationPid = KindConfiguration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KindConfiguration.Config.class, factory = true)
public final class KindConfiguration {

    public static final String PID = "org.mlos.kind";

    @ObjectClassDefinition(name = "MultiLibOS kind", description = "Which implementation of a kind serves, "
            + "and how its handle behaves.")
    @interface Config {
        @AttributeDefinition(description = "The kind: its interface's fully qualified or simple name.")
        String kind();

        @AttributeDefinition(description = "The mlos.impl name of the implementation that should serve; "
                + "empty keeps the profile default.", required = false)
        String impl() default "";

        @AttributeDefinition(name = "wait.ms", description = "How long a caller waits for an implementation "
                + "when none is installed before it gets NoImplementationException; -1 keeps the kernel "
                + "default (mlos.kernel.wait.ms).", required = false)
        long wait_ms() default -1;

        @AttributeDefinition(name = "count.calls", description = "Count calls through the handle (true/false; "
                + "empty keeps the kernel default). Counting mediates every call.", required = false)
        String count_calls() default "";
    }

    @Reference
    private KernelComponent kernel;

    private String kind;

    @Activate
    @Modified
    void apply(Config config) {
        String newKind = config.kind() == null ? "" : config.kind().trim(); // no default: absent is null
        if (newKind.isEmpty()) {
            throw new IllegalArgumentException("configuration " + PID + " needs a 'kind' property: the kind's interface,"
                    + " fully qualified or simple (kind=KeyValueStore), beside impl");
        }
        if (kind != null && !kind.equals(newKind)) {
            kernel.unconfigure(kind);
        }
        kind = newKind;
        String impl = config.impl().trim();
        String count = config.count_calls().trim();
        kernel.configure(kind, new KindPreference(impl.isEmpty() ? null : impl, config.wait_ms(),
                count.isEmpty() ? null : Boolean.valueOf(count)));
    }

    @Deactivate
    void drop() {
        if (kind != null) {
            kernel.unconfigure(kind);
        }
    }
}
