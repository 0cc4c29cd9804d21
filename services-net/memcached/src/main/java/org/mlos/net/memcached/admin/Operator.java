package org.mlos.net.memcached.admin;

/**
 * What the operator commands may do on this server: {@code shutdown} only when given a way to
 * stop (memcached's {@code -A}), key dumps only over a source of items.
 *
 * @param shutdown stops the server, or null when {@code shutdown} is not enabled
 * @param items    the items key dumps list
 * @param crawler  the expiry crawler {@code lru_crawler} drives, or null: none runs
 */
public record Operator(Runnable shutdown, ItemSource items, ExpiryCrawler crawler) {

    public static final Operator DEFAULT = new Operator(null, ItemSource.NONE, null);

    public Operator withShutdown(Runnable stop) {
        return new Operator(stop, items, crawler);
    }

    public Operator withItems(ItemSource source) {
        return new Operator(shutdown, source, crawler);
    }

    public Operator withCrawler(ExpiryCrawler c) {
        return new Operator(shutdown, items, c);
    }
}
