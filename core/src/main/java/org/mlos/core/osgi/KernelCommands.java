package org.mlos.core.osgi;

import org.mlos.core.api.Kernel;
import org.mlos.core.api.KernelJson;
import org.mlos.core.api.KernelText;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo shell commands, scope {@code mlos}: {@code kinds}, {@code swap <kind> <impl>}, {@code history}. */
@Component(service = KernelCommands.class, property = {
        "osgi.command.scope=mlos",
        "osgi.command.function=kinds",
        "osgi.command.function=swap",
        "osgi.command.function=history" })
public final class KernelCommands {

    @Reference
    private Kernel kernel;

    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    /** Lists kinds: active implementation, candidates, calls served, swaps; then where remote ones run. */
    public String kinds() {
        StringBuilder b = new StringBuilder(KernelText.kinds(kernel.kinds()));
        if (context != null) {
            for (String line : RemoteImplementations.lines(context)) {
                b.append(line).append(System.lineSeparator());
            }
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
