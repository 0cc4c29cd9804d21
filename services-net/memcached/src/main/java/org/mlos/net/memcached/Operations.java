package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;

import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.api.ValueReader;

/**
 * memcached's commands over the store, for both protocols: expiry rules, CAS, counters. Store
 * failures come back as exceptions the protocols turn into their own error replies.
 */
public final class Operations {

    /** How a storage command ended. */
    public enum Result {
        STORED, NOT_STORED, EXISTS, NOT_FOUND
    }

    /** A storage command's outcome and, when stored, the item's new CAS unique. */
    public record Outcome(Result result, long cas) {
    }

    /** The storage commands. */
    public enum Mode {
        SET, ADD, REPLACE, APPEND, PREPEND, CAS
    }

    /** Expiry time (epoch milliseconds) of an item deleted by compare-and-set: long past. */
    private static final long EXPIRED = 1;
    private static final byte[] EMPTY = new byte[0];

    final KeyValueStore store;
    final Limits limits;
    final ServerStats stats;
    final String version;
    final PrefixStats prefixes = new PrefixStats();

    public Operations(KeyValueStore store, Limits limits, ServerStats stats, String version) {
        this.store = store;
        this.limits = limits;
        this.stats = stats;
        this.version = version;
    }

    private final Tunables tunables = new Tunables();
    private volatile TlsState tls = TlsState.OFF;

    /**
     * memcached's fetched bits, once a meta command or a metadump asked for them ({@link #fetchedMarks()});
     * null before: a read then costs one load of this field, no memory miss and no 2 MB.
     */
    private volatile FetchedMarks fetched;

    /** The server's TLS ({@code refresh_certs}, the {@code ssl_*} stats), {@link TlsState#OFF} unless set. */
    public TlsState tls() {
        return tls;
    }

    void tls(TlsState state) {
        tls = state;
    }

    /** The settings operator commands change at run time ({@code verbosity}, {@code slabs automove}). */
    public Tunables tunables() {
        return tunables;
    }

    /**
     * The fetched bits, taken on first use (the first meta command, {@code me}, or a metadump):
     * from then on every read marks its item, as memcached's reads set {@code ITEM_FETCHED}.
     */
    public FetchedMarks fetchedMarks() {
        FetchedMarks f = fetched;
        if (f == null) {
            synchronized (this) {
                f = fetched;
                if (f == null) {
                    fetched = f = new FetchedMarks();
                }
            }
        }
        return f;
    }

    /** The fetched bits if taken yet, else null (nothing is marked then). */
    public FetchedMarks fetchedMarksIfTaken() {
        return fetched;
    }

    /**
     * A read met the item {@code key} of CAS {@code cas}: marked fetched once the bits are in use.
     * Called on every hit of get, gets and binary GET*, so it costs one field load until then.
     */
    public void fetched(String key, long cas) {
        FetchedMarks f = fetched;
        if (f != null) {
            f.mark(key, cas);
        }
    }

    int verbosity() {
        return tunables.verbosity();
    }

    /** The server's counters (those a dialect moves itself: auth, accepting). */
    public ServerStats stats() {
        return stats;
    }

    /** An {@code me} request reached the store: memcached's {@code cmd_meta} counts those. */
    public void metaDebugged() {
        stats.cmdMeta.increment();
    }

    /** A store refused an item for memory ({@code SERVER_ERROR out of memory storing object}): {@code store_no_memory}. */
    public void refusedForMemory() {
        stats.storeNoMemory.increment();
    }

    public Limits limits() {
        return limits;
    }

    /** The store itself, for dialects whose commands are steps these operations do not offer. */
    public KeyValueStore store() {
        return store;
    }

    /** {@code stats detail}'s per-prefix counters. */
    public PrefixStats prefixes() {
        return prefixes;
    }

    public String version() {
        return version;
    }

    /**
     * memcached's expiry rule: 0 never, negative already expired, up to 30 days relative seconds,
     * beyond that an absolute Unix time.
     */
    public static long expiresAt(long exptime, long nowMillis) {
        if (exptime == 0) {
            return KeyValueStore.NEVER;
        }
        if (exptime < 0) {
            return Math.max(1, nowMillis - 1);
        }
        if (exptime > Limits.RELATIVE_EXPIRY_MAX) {
            return Math.max(1, exptime * 1000);
        }
        return nowMillis + exptime * 1000;
    }

    public StoreEntry get(String key) {
        stats.cmdGet.increment();
        StoreEntry e = store.get(key);
        (e == null ? stats.getMisses : stats.getHits).increment();
        prefixes.get(key, e != null);
        return e;
    }

    /**
     * A get that hands the value to {@code reader} where the store holds it ({@link KeyValueStore#read}),
     * so a reply is written from it without a copy of the value or an entry made for the server;
     * the statistics are those of {@link #get}. {@code reader} must not call the store.
     *
     * @return whether the key was found (and {@code reader} called)
     */
    public boolean read(String key, ValueReader reader) {
        stats.cmdGet.increment();
        boolean hit = store.read(key, reader);
        (hit ? stats.getHits : stats.getMisses).increment();
        prefixes.get(key, hit);
        return hit;
    }

    /**
     * An {@code mg} answered, counted as memcached 1.6.18 counts it (proto_text.c): found, or
     * created by {@code N}, it is a get hit, or with {@code T} a touch hit ({@code cmd_touch},
     * {@code touch_hits}); not found, a get miss whatever its flags. {@code stats detail} does not
     * count {@code mg}, nor does memcached.
     */
    public void metaGot(boolean hit, boolean touched) {
        if (hit && touched) {
            stats.cmdTouch.increment();
            stats.touchHits.increment();
        } else {
            stats.cmdGet.increment();
            (hit ? stats.getHits : stats.getMisses).increment();
        }
    }

    /**
     * gat: get and set a new expiry. Counted as memcached 1.6.18 counts it, as a touch only
     * ({@code cmd_touch}, {@code touch_hits}/{@code touch_misses}; not cmd_get, get_hits, get_misses).
     */
    public StoreEntry getAndTouch(String key, long exptime) {
        stats.cmdTouch.increment();
        StoreEntry e = store.touchAndGet(key, expiresAt(exptime, System.currentTimeMillis()));
        (e == null ? stats.touchMisses : stats.touchHits).increment();
        prefixes.get(key, e != null);
        if (e != null) {
            fetched(key, e.cas());
        }
        return e;
    }

    /**
     * A storage command. For CAS, and for SET, ADD or REPLACE given a non-zero CAS (binary: memcached
     * serves those as cas), the CAS must match; APPEND or PREPEND given one needs it to match too.
     */
    public Outcome store(Mode mode, String key, byte[] value, int flags, long exptime, long cas) {
        prefixes.set(key);
        return metaStore(mode, key, value, flags, exptime, cas);
    }

    /**
     * A storage command as {@code ms} makes it: as {@link #store}, but not counted in {@code stats
     * detail}, where memcached 1.6.18 counts the text and binary commands only.
     */
    public Outcome metaStore(Mode mode, String key, byte[] value, int flags, long exptime, long cas) {
        stats.cmdSet.increment();
        try {
            return storeInto(mode, key, value, flags, exptime, cas);
        } catch (StoreFullException e) {
            // As memcached when it cannot allocate the item: an append or prepend is NOT_STORED
            // (its old value stays); a set drops the key's old item, so no stale value lingers,
            // and the caller answers the out-of-memory error.
            if (mode == Mode.APPEND || mode == Mode.PREPEND) {
                return new Outcome(Result.NOT_STORED, 0);
            }
            if (mode == Mode.SET) {
                store.delete(key);
            }
            throw e;
        }
    }

    private Outcome storeInto(Mode mode, String key, byte[] value, int flags, long exptime, long cas) {
        if (mode != Mode.APPEND && mode != Mode.PREPEND) {
            stats.stored(SlabClasses.itemSize(key.length(), flags, value.length));
        }
        long expires = expiresAt(exptime, System.currentTimeMillis());
        if (mode == Mode.CAS || (cas != 0 && (mode == Mode.SET || mode == Mode.ADD || mode == Mode.REPLACE))) {
            CasResult r = store.compareAndSet(key, value, flags, expires, cas);
            switch (r.status()) {
                case STORED:
                    stats.casHits.increment();
                    return new Outcome(Result.STORED, r.cas());
                case EXISTS:
                    stats.casBadValue.increment();
                    return new Outcome(Result.EXISTS, 0);
                default:
                    stats.casMisses.increment();
                    return new Outcome(Result.NOT_FOUND, 0);
            }
        }
        if (cas != 0 && (mode == Mode.APPEND || mode == Mode.PREPEND)) {
            return concatIfUnchanged(key, value, mode == Mode.PREPEND, cas);
        }
        long newCas;
        switch (mode) {
            case SET:
                newCas = store.set(key, value, flags, expires);
                break;
            case ADD:
                newCas = store.add(key, value, flags, expires);
                break;
            case REPLACE:
                newCas = store.replace(key, value, flags, expires);
                break;
            case APPEND:
                // the item limit checked by the store against the item it joins: racing appends cannot pass it together
                newCas = store.append(key, value, limits.itemMax());
                break;
            default:
                newCas = store.prepend(key, value, limits.itemMax());
                break;
        }
        return newCas == 0 ? new Outcome(Result.NOT_STORED, 0) : new Outcome(Result.STORED, newCas);
    }

    /**
     * append/prepend of an item whose CAS must still be {@code cas}. The joined value is written
     * by compare-and-set, so a write landing between the read and the write turns the command
     * into EXISTS instead of being overwritten. A missing item is NOT_STORED, as in memcached, and
     * so is a joined value larger than an item may be (memcached cannot allocate it; the old value
     * stays), checked on the item the compare-and-set replaces.
     */
    private Outcome concatIfUnchanged(String key, byte[] data, boolean front, long cas) {
        StoreEntry cur = store.get(key);
        if (cur == null) {
            return new Outcome(Result.NOT_STORED, 0);
        }
        if (cur.cas() != cas) {
            return new Outcome(Result.EXISTS, 0);
        }
        if ((long) cur.value().length + data.length > limits.itemMax()) {
            return new Outcome(Result.NOT_STORED, 0);
        }
        CasResult r = store.compareAndSet(key, cur.valueJoinedWith(data, front), cur.flags(), cur.expiresAt(), cas);
        switch (r.status()) {
            case STORED:
                return new Outcome(Result.STORED, r.cas());
            case EXISTS:
                return new Outcome(Result.EXISTS, 0);
            default:
                return new Outcome(Result.NOT_STORED, 0);
        }
    }

    /**
     * A value refused as too large: for a set, memcached then drops the key's old item, so that a
     * client whose overwrite failed does not go on reading the old value. Counted as
     * {@code store_too_large}, as memcached counts it for every text and meta storage command.
     */
    public void refusedAsTooLarge(Mode mode, String key) {
        stats.storeTooLarge.increment();
        droppedAsTooLarge(mode, key);
    }

    /** {@link #refusedAsTooLarge} uncounted: memcached 1.6.18's binary protocol does not count it. */
    public void droppedAsTooLarge(Mode mode, String key) {
        if (mode == Mode.SET) {
            store.delete(key);
        }
    }

    /**
     * incr or decr; null if absent. {@code vivify}: the caller creates the item if absent (binary
     * with an initial value, meta's N), and memcached counts a miss only when nothing is created.
     */
    public Counter arithmetic(String key, long delta, boolean increment, boolean vivify) {
        Counter c = increment ? store.increment(key, delta) : store.decrement(key, delta);
        if (c != null) {
            (increment ? stats.incrHits : stats.decrHits).increment();
        } else if (!vivify) {
            (increment ? stats.incrMisses : stats.decrMisses).increment();
        }
        return c;
    }

    /** An incr or decr given a CAS: STORED with the counter, EXISTS, or NOT_FOUND. */
    public record Delta(Result result, Counter counter) {
    }

    /**
     * incr or decr of an item whose CAS must still be {@code cas} (binary). The new number is
     * written by compare-and-set, so a write landing in between makes it EXISTS, never lost.
     * memcached's order: an empty value is non-numeric before the CAS is compared.
     *
     * {@code vivify} as for {@link #arithmetic(String, long, boolean, boolean)}.
     *
     * @throws IllegalArgumentException if the value is not a number
     */
    public Delta arithmetic(String key, long delta, boolean increment, long cas, boolean vivify) {
        StoreEntry cur = store.get(key);
        if (cur == null) {
            if (!vivify) {
                (increment ? stats.incrMisses : stats.decrMisses).increment();
            }
            return new Delta(Result.NOT_FOUND, null);
        }
        if (cur.value().length == 0) {
            throw new IllegalArgumentException("cannot increment or decrement non-numeric value");
        }
        if (cur.cas() != cas) {
            return new Delta(Result.EXISTS, null);
        }
        long value = Counter.apply(Counter.parse(cur.value()), delta, increment);
        byte[] text = Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
        CasResult r = store.compareAndSet(key, text, cur.flags(), cur.expiresAt(), cas);
        switch (r.status()) {
            case STORED:
                (increment ? stats.incrHits : stats.decrHits).increment();
                return new Delta(Result.STORED, new Counter(value, r.cas()));
            case EXISTS:
                return new Delta(Result.EXISTS, null);
            default:
                return new Delta(Result.NOT_FOUND, null);
        }
    }

    /** Binary incr/decr of an absent key: store the initial value unless told not to. */
    public Counter create(String key, long initial, long exptime) {
        byte[] text = Long.toUnsignedString(initial).getBytes(StandardCharsets.US_ASCII);
        long cas = store.add(key, text, 0, expiresAt(exptime, System.currentTimeMillis()));
        return cas == 0 ? null : new Counter(initial, cas);
    }

    public boolean touch(String key, long exptime) {
        stats.cmdTouch.increment();
        long expires = expiresAt(exptime, System.currentTimeMillis());
        FetchedMarks f = fetched;
        boolean hit;
        if (f == null) {
            hit = store.touch(key, expires);
        } else { // the mark needs the item's CAS, which a plain touch does not hand back
            StoreEntry e = store.touchAndGet(key, expires);
            hit = e != null;
            if (hit) {
                f.mark(key, e.cas());
            }
        }
        (hit ? stats.touchHits : stats.touchMisses).increment();
        return hit;
    }

    /** delete; for a non-zero CAS (binary) the item's must match. */
    public Result delete(String key, long cas) {
        prefixes.delete(key);
        return deleteItem(key, cas);
    }

    /**
     * A delete as {@code md} makes it: not counted in {@code stats detail} (as {@link #metaStore}),
     * and a CAS that does not match is a delete miss, as memcached 1.6.18's md counts it (its binary
     * delete does not).
     */
    public Result metaDelete(String key, long cas) {
        Result r = deleteItem(key, cas);
        if (r == Result.EXISTS) {
            deleteMissed();
        }
        return r;
    }

    /** An md that found nothing to delete or mark stale, or an item of another CAS: memcached's {@code delete_misses}. */
    public void deleteMissed() {
        stats.deleteMisses.increment();
    }

    private Result deleteItem(String key, long cas) {
        if (cas != 0) {
            return deleteIfUnchanged(key, cas);
        }
        boolean hit = store.delete(key);
        (hit ? stats.deleteHits : stats.deleteMisses).increment();
        return hit ? Result.STORED : Result.NOT_FOUND;
    }

    /** touch that returns the item, whose flags and CAS a binary TOUCH answers with; null if absent. */
    public StoreEntry touchEntry(String key, long exptime) {
        stats.cmdTouch.increment();
        StoreEntry e = store.touchAndGet(key, expiresAt(exptime, System.currentTimeMillis()));
        (e == null ? stats.touchMisses : stats.touchHits).increment();
        prefixes.get(key, e != null); // memcached's binary touch is a get in stats detail (a text touch is not)
        if (e != null) {
            fetched(key, e.cas());
        }
        return e;
    }

    /**
     * Compare-and-delete as one store step: the item, if its CAS still matches, is replaced by an
     * empty one that has already expired, which every store treats as absent from then on and
     * reclaims like any expired item. A check followed by a delete could remove an item stored
     * in between.
     */
    private Result deleteIfUnchanged(String key, long cas) {
        CasResult r = store.compareAndSet(key, EMPTY, 0, EXPIRED, cas);
        switch (r.status()) {
            case STORED:
                stats.deleteHits.increment();
                return Result.STORED;
            case EXISTS:
                return Result.EXISTS;
            default:
                stats.deleteMisses.increment();
                return Result.NOT_FOUND;
        }
    }

    /** flush_all [delay]: 0 now, otherwise memcached's expiry rule for the time. */
    public void flushAll(long delay) {
        stats.cmdFlush.increment();
        long now = System.currentTimeMillis();
        store.flushAll(delay <= 0 ? now : expiresAt(delay, now));
    }
}
