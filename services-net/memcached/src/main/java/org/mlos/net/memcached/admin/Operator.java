package org.mlos.net.memcached.admin;

/**
 * What the operator commands may do on this server: {@code shutdown} only when given a way to
 * stop (memcached's {@code -A}), key dumps only over a source of items.
 *
 * @param shutdown stops the server, or null when {@code shutdown} is not enabled
 * @param items    the items key dumps list
 */
public record Operator(Runnable shutdown, ItemSource items) {

    public static final Operator DEFAULT = new Operator(null, ItemSource.NONE);

    public Operator withShutdown(Runnable stop) {
        return new Operator(stop, items);
    }

    public Operator withItems(ItemSource source) {
        return new Operator(shutdown, source);
    }
}
