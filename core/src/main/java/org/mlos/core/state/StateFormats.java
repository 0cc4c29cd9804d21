package org.mlos.core.state;

/** Names of the state formats the kernel knows itself. */
public final class StateFormats {

    /**
     * The generic format: the state as a stream of the kind's entries. The exporter implements
     * {@link EntryExport}, the importer {@link EntryImport}, and the kernel drives the copy. It is
     * the only format a kernel can copy while the old implementation keeps serving (a live swap).
     */
    public static final String ENTRIES = "mlos.entries";

    private StateFormats() {
    }
}
