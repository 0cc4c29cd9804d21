package org.mlos.cluster.autoscale;

/**
 * What {@code autoscale status} answers, in text ({@link #text}) and JSON ({@link AutoscaleJson#status}):
 * off, on with figures it could not read, or on with its figures.
 *
 * @param on      whether this node has an autoscaler (rules were given)
 * @param figures its figures; null when off or unreadable
 * @param note    why it is off, why it will not lead, or why its figures are missing; null when none
 */
record AutoscaleStatus(boolean on, LoopFigures figures, String note) {

    static AutoscaleStatus off(String why) {
        return new AutoscaleStatus(false, null, why);
    }

    static AutoscaleStatus unreadable(String why) {
        return new AutoscaleStatus(true, null, why);
    }

    /** An autoscaler's figures; {@code note}, if not null, why it will not lead. */
    static AutoscaleStatus of(LoopFigures figures, String note) {
        return new AutoscaleStatus(true, figures, note);
    }

    /** One line, without its end. */
    String text() {
        if (!on) {
            return "autoscaler off on this node (" + note + ")";
        }
        if (figures == null) {
            return "autoscaler on, " + note;
        }
        return note == null ? figures.line() : figures.line() + " (" + note + ")";
    }
}
