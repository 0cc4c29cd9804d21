package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SlabClasses;
import org.mlos.net.memcached.meta.ItemMarks.Mark;

/**
 * {@code me <key> [b]}: an item's metadata in memcached's words. {@code exp} keeps memcached
 * 1.6.18's sign (now minus expiry: negative while the item lives); {@code cls} and {@code size}
 * are what memcached would use for this item (see {@link SlabClasses}).
 */
final class MetaDebug {

    private final Operations ops;
    private final KeyValueStore store;
    private final ItemMarks marks;

    MetaDebug(Operations ops, ItemMarks marks) {
        this.ops = ops;
        this.store = ops.store();
        this.marks = marks;
    }

    String answer(List<String> words, Output out) {
        if (words.size() < 2 || words.get(1).length() > Limits.KEY_MAX) {
            return MetaFlags.BAD_FORMAT;
        }
        String key = words.get(1);
        if (words.size() >= 3 && words.get(2).equals("b")) {
            key = Base64Key.decode(key);
            if (key == null) {
                return MetaFlags.BAD_FORMAT;
            }
        }
        ops.metaDebugged();
        StoreEntry e = store.get(key);
        if (e == null) {
            out.line("EN");
            return null;
        }
        long now = System.currentTimeMillis();
        Mark m = marks.of(key, e.cas());
        out.ascii("ME ").text(m != null && m.binary() ? Base64Key.encode(key) : key);
        out.ascii(" exp=").number(e.expiresAt() == KeyValueStore.NEVER ? -1 : -MetaReply.ttl(e.expiresAt(), now));
        out.ascii(" la=").number(Math.max(0, (now - e.storedAt()) / 1000));
        out.ascii(" cas=").unsigned(e.cas());
        out.ascii(" fetch=").ascii(m != null && m.fetched() ? "yes" : "no");
        long size = SlabClasses.itemSize(key.length(), e.flags(), e.value().length);
        out.ascii(" cls=").number(SlabClasses.classOf(size));
        out.ascii(" size=").number(size).crlf();
        return null;
    }
}
