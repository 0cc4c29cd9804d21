package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.Limits;

/**
 * A meta command's flags, read as memcached 1.6.18 reads them (_meta_flag_preparse): each flag
 * once, unknown ones refused at once, bad tokens noted and the rest still read (the last bad
 * token names the error, as there). The words themselves stay in order for the reply.
 */
final class MetaFlags {

    static final String BAD_FORMAT = "CLIENT_ERROR bad command line format";
    static final String BAD_TOKEN = "CLIENT_ERROR bad token in command line format";
    static final int OPAQUE_MAX = 32;
    /** memcached refuses a meta line of this many words or more (its token count includes a terminator). */
    static final int WORDS_MAX = 20;

    /** The key, decoded when {@code b} was given. */
    String key;
    boolean binaryKey;
    boolean value;
    boolean noReply;
    boolean noUpdate;
    boolean vivify;
    boolean setStale;
    boolean hasCas;
    boolean newTtl;
    long cas;
    long ttl;
    long vivifyTtl;
    long recacheTtl;
    long clientFlags;
    long delta = 1;
    long initial;
    char mode;
    /** Set when a flag was refused: the error line to send. */
    String error;

    /**
     * The key and flags of {@code mg}, {@code md} or {@code ma} ({@code <cmd> <key> <flag>*}),
     * checked in memcached's order; {@link #error} is the line to answer instead, if any. The
     * commands differ only in two wordings: too many flags, and whether a refused flag is reported
     * in its own words ({@code mg}) or as "invalid or duplicate flag".
     */
    static MetaFlags forKey(List<String> words, String tooManyFlags, boolean ownFlagErrors) {
        String early = words.size() < 2 ? "ERROR"
                : words.get(1).length() > Limits.KEY_MAX ? BAD_FORMAT
                : words.size() + 1 > WORDS_MAX ? tooManyFlags : null;
        if (early != null) {
            MetaFlags f = new MetaFlags();
            f.error = early;
            return f;
        }
        MetaFlags f = parse(words, 2);
        if (f.error != null && !ownFlagErrors) {
            f.error = "CLIENT_ERROR invalid or duplicate flag";
        }
        return f;
    }

    /** Reads {@code words[start..]}, the key being {@code words[1]}; {@link #error} tells whether it failed. */
    static MetaFlags parse(List<String> words, int start) {
        MetaFlags f = new MetaFlags();
        f.key = words.get(1);
        boolean failed = false;
        String error = BAD_FORMAT;
        long seenLow = 0; // flags seen, a bit per character: 0-63 here, 64-126 in seenHigh
        long seenHigh = 0;
        for (int i = start; i < words.size(); i++) {
            String w = words.get(i);
            char o = w.charAt(0);
            long bit = 1L << (o & 63);
            if (o >= 127 || ((o < 64 ? seenLow : seenHigh) & bit) != 0) {
                f.error = "CLIENT_ERROR duplicate flag";
                return f;
            }
            if (o < 64) {
                seenLow |= bit;
            } else {
                seenHigh |= bit;
            }
            switch (o) {
                case 'b':
                    f.key = Base64Key.decode(f.key);
                    f.binaryKey = true;
                    if (f.key == null) {
                        f.key = "";
                        error = "CLIENT_ERROR error decoding key";
                        failed = true;
                    }
                    break;
                case 'N':
                case 'T':
                case 'R': {
                    Long v = CNumbers.int32(w.substring(1));
                    if (v == null) {
                        error = BAD_TOKEN;
                        failed = true;
                    } else if (o == 'N') {
                        f.vivify = true;
                        f.vivifyTtl = v;
                    } else if (o == 'T') {
                        f.newTtl = true;
                        f.ttl = v;
                    } else {
                        f.recacheTtl = v;
                    }
                    break;
                }
                case 'O':
                case 'P':
                case 'L':
                case 'k':
                case 's':
                case 't':
                case 'c':
                case 'f':
                case 'l':
                case 'h':
                    break;
                case 'v':
                    f.value = true;
                    break;
                case 'u':
                    f.noUpdate = true;
                    break;
                case 'q':
                    f.noReply = true;
                    break;
                case 'F': {
                    Long v = CNumbers.uint32(w.substring(1));
                    if (v == null) {
                        failed = true;
                    } else {
                        f.clientFlags = v;
                    }
                    break;
                }
                case 'C': {
                    Long v = CNumbers.uint64(w.substring(1));
                    if (v == null) {
                        error = BAD_TOKEN;
                        failed = true;
                    } else {
                        f.hasCas = true;
                        f.cas = v;
                    }
                    break;
                }
                case 'M':
                    if (w.length() != 2) {
                        error = "CLIENT_ERROR incorrect length for M token";
                        failed = true;
                    } else {
                        f.mode = w.charAt(1);
                    }
                    break;
                case 'J':
                case 'D': {
                    Long v = CNumbers.uint64(w.substring(1));
                    if (v == null) {
                        error = o == 'J' ? "CLIENT_ERROR invalid numeric initial value" : "CLIENT_ERROR invalid numeric delta value";
                        failed = true;
                    } else if (o == 'J') {
                        f.initial = v;
                    } else {
                        f.delta = v;
                    }
                    break;
                }
                case 'I':
                    f.setStale = true;
                    break;
                default:
                    f.error = "CLIENT_ERROR invalid flag";
                    return f;
            }
        }
        if (failed) {
            f.error = error;
        }
        return f;
    }

    /** The first opaque token over memcached's length limit, checked where memcached checks it. */
    static boolean opaqueTooLong(List<String> words, int start) {
        for (int i = start; i < words.size(); i++) {
            if (words.get(i).charAt(0) == 'O' && words.get(i).length() > OPAQUE_MAX) {
                return true;
            }
        }
        return false;
    }
}
