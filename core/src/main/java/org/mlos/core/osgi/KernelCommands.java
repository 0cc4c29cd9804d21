package org.mlos.core.osgi;

import java.util.List;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KernelJson;
import org.mlos.core.api.KernelText;
import org.mlos.core.api.KindInfo;
import org.mlos.core.settings.NodeProperties;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo shell commands, scope {@code mlos}: {@code kinds}, {@code swap <kind> <impl>}, {@code history},
 * {@code swaps} (the swaps under way, as far as each has got).
 */
@Component(service = KernelCommands.class, property = {
        "osgi.command.scope=mlos",
        "osgi.command.function=kinds",
        "osgi.command.function=swap",
        "osgi.command.function=history",
        "osgi.command.function=swaps" })
public final class KernelCommands {

    @Reference
    private Kernel kernel;

    private BundleContext context;

    /** For DS. */
    public KernelCommands() {
    }

    /** For plain Java and tests: the commands of a kernel outside a framework (no remote implementations to list). */
    KernelCommands(Kernel kernel) {
        this.kernel = kernel;
    }

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /**
     * Said under the kinds table when a kind's calls are not counted: its CALLS shows {@code -},
     * which said nothing of why, nor how to have the figure.
     */
    static final String UNCOUNTED_HINT = "hint: CALLS is - where calls are not counted (off by default: counting"
            + " mediates every call); to count them, set the framework property " + NodeProperties.KERNEL_COUNT_CALLS
            + "=true (every kind; mlos run --set, the framework's config.properties, or Karaf's"
            + " etc/system.properties), or give the kind a configuration (factory PID org.mlos.kind) with count.calls=true";

    /** Lists kinds: active implementation, candidates, calls served, swaps; then where remote ones run. */
    public String kinds() {
        List<KindInfo> kinds = kernel.kinds();
        StringBuilder b = new StringBuilder(KernelText.kinds(kinds));
        if (context != null) {
            for (String line : RemoteImplementations.lines(context)) {
                b.append(line).append(System.lineSeparator());
            }
        }
        if (kinds.stream().anyMatch(k -> k.callsServed() < 0)) {
            b.append(UNCOUNTED_HINT).append(System.lineSeparator());
        }
        return b.toString();
    }

    /**
     * Each kind and its active implementation, one {@code <kind> <impl>} line each ({@code -} for
     * none): what 'mlos scale' reads off the nodes serving to start a new one on the same.
     */
    public String active() {
        StringBuilder b = new StringBuilder();
        for (org.mlos.core.api.KindInfo k : kernel.kinds()) {
            b.append(k.kind()).append(' ').append(k.active() == null ? "-" : k.active()).append('\n');
        }
        return b.toString();
    }

    /** Swaps a kind to an implementation and prints the swap report. */
    public String swap(String kind, String impl) {
        return kernel.swap(kind, impl).toLine();
    }

    /** Prints the swap history, oldest first. */
    public String history() {
        return KernelText.history(kernel.history());
    }

    /** Prints the swaps under way, one line each, as far as each has got. */
    public String swaps() {
        return KernelText.swaps(kernel.swapsInFlight());
    }

    /**
     * Why {@code kind} names no kind of this node (by its full or its simple name), or null if it
     * names one. Asked only when none of its swaps is under way: a kind's figures are read under its
     * lock, which a swap holds, and 'mlos swap' polls this while its swap runs.
     */
    String unknownKind(String kind) {
        if (kernel.kind(kind).isPresent()) {
            return null;
        }
        return "no kind named " + kind + "; known kinds: "
                + kernel.kinds().stream().map(org.mlos.core.api.KindInfo::kind).sorted().toList();
    }

    /** The swaps under way of one kind (fully qualified or simple name; null: every kind). */
    java.util.List<org.mlos.core.api.SwapProgress> swapsOf(String kind) {
        java.util.List<org.mlos.core.api.SwapProgress> all = kernel.swapsInFlight();
        if (kind == null) {
            return all;
        }
        return all.stream().filter(p -> p.kind().equals(kind) || p.simpleName().equals(kind)).toList();
    }

    // The JSON forms, for the control socket's 'json' requests (not shell functions).

    String kindsJson() {
        return KernelJson.kinds(kernel.kinds());
    }

    String swapJson(String kind, String impl) {
        return KernelJson.report(kernel.swap(kind, impl));
    }

    String historyJson() {
        return KernelJson.history(kernel.history());
    }
}
