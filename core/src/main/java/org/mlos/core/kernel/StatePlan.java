package org.mlos.core.kernel;

import java.util.List;

import org.mlos.core.state.StateFormats;
import org.mlos.core.state.Transferable;

/**
 * How state will move in one swap: the negotiated format (K42: the first of the exporter's
 * formats, best first, that the importer accepts) and whether it can move while the old
 * implementation keeps serving.
 *
 * @param format    the format, or null when nothing moves
 * @param live      copy while serving, then replay the keys changed meanwhile
 * @param stateless the kind declared it has no state
 * @param note      why no state moves, when it does not
 */
record StatePlan(String format, boolean live, boolean stateless, String note) {

    static final StatePlan STATELESS = new StatePlan(null, false, true, null);

    /** Thrown when two implementations cannot exchange state. */
    static final class NoCommonFormat extends Exception {
        private static final long serialVersionUID = 1L;

        NoCommonFormat(String message) {
            super(message);
        }
    }

    static StatePlan nothing(String why) {
        return new StatePlan(null, false, false, why);
    }

    static <T> StatePlan negotiate(KindSlot<T> slot, Candidate<T> from, Candidate<T> to) throws NoCommonFormat {
        if (slot.stateless()) {
            return STATELESS;
        }
        Transferable exporter = transferable(slot, from);
        Transferable importer = transferable(slot, to);
        List<String> exports = formats(from, "exportFormats()", exporter::exportFormats);
        List<String> imports = formats(to, "importFormats()", importer::importFormats);
        for (String format : exports) {
            if (imports.contains(format)) {
                return new StatePlan(format, slot.live() && StateFormats.ENTRIES.equals(format), false, null);
            }
        }
        throw new NoCommonFormat("no common state format: " + from.name() + " exports " + exports
                + ", " + to.name() + " imports " + imports);
    }

    boolean movesState() {
        return format != null;
    }

    String mode() {
        if (stateless) {
            return "stateless";
        }
        if (format == null) {
            return "-";
        }
        return live ? "live" : "held";
    }

    String formatName() {
        if (stateless) {
            return "none";
        }
        return format == null ? "-" : format;
    }

    /** An implementation's advertised formats; one that throws or answers null offers none. */
    private static List<String> formats(Candidate<?> c, String what, java.util.function.Supplier<List<String>> query)
            throws NoCommonFormat {
        List<String> formats;
        try {
            formats = query.get();
        } catch (Throwable e) {
            throw new NoCommonFormat(what + " of implementation " + c.name() + " failed: "
                    + SwapProtocol.describe(e));
        }
        if (formats == null) {
            throw new NoCommonFormat(what + " of implementation " + c.name() + " returned null");
        }
        return formats;
    }

    private static <T> Transferable transferable(KindSlot<T> slot, Candidate<T> c) throws NoCommonFormat {
        if (c.impl() instanceof Transferable t) {
            return t;
        }
        throw new NoCommonFormat("implementation " + c.name() + " of kind " + slot.name()
                + " declares no state formats: implement org.mlos.core.state.Transferable,"
                + " or declare the kind @Kind(stateless = true)");
    }
}
