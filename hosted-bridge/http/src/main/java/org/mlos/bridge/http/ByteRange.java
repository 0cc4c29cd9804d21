package org.mlos.bridge.http;

import java.util.Locale;

/**
 * One range of a {@code Range} header (RFC 9110, 14.1.2): {@code bytes=first-last},
 * {@code bytes=first-} or {@code bytes=-suffix}. A header the server may ignore (another unit, a
 * list of ranges, a malformed one) parses to null, and the whole file is served, as the RFC allows.
 *
 * @param first  the first byte's offset, or -1 for a suffix range
 * @param last   the last byte's offset (inclusive), or -1 for "to the end"
 * @param suffix for a suffix range, how many bytes from the end
 */
record ByteRange(long first, long last, long suffix) {

    static ByteRange parse(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=") || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            if (dash == 0) {
                long suffix = digits(spec.substring(1));
                return new ByteRange(-1, -1, suffix);
            }
            long first = digits(spec.substring(0, dash));
            String rest = spec.substring(dash + 1);
            long last = rest.isEmpty() ? -1 : digits(rest);
            return last >= 0 && last < first ? null : new ByteRange(first, last, 0);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long digits(String s) {
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(s);
        }
        return Long.parseLong(s);
    }

    /** The offset the range starts at in a file of {@code size} bytes; {@code size} or more where none of it is there. */
    long start(long size) {
        if (first < 0) {
            return suffix == 0 ? size : Math.max(0, size - suffix);
        }
        return first;
    }

    /** The offset past its end in a file of {@code size} bytes. */
    long end(long size) {
        return first < 0 || last < 0 ? size : Math.min(last + 1, size);
    }
}
