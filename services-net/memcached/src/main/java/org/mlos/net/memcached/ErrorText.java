package org.mlos.net.memcached;

/**
 * What a client is told of a failure that is not its request's fault (the store failing, or none
 * serving): the failure's message on one line, at most {@value #MAX} characters, cut at a word with
 * "..." rather than mid-word, so that a client's log shows a whole sentence's start.
 */
public final class ErrorText {

    static final int MAX = 200;

    private ErrorText() {
    }

    public static String of(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).replace('\r', ' ').replace('\n', ' ');
        if (m.length() <= MAX) {
            return m;
        }
        int cut = m.lastIndexOf(' ', MAX - 3);
        return m.substring(0, cut > MAX / 2 ? cut : MAX - 3) + "...";
    }
}
