package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The one tokenizer of text, meta and operator command lines and of the text authentication
 * ({@link InputBuffer#words}): split on spaces only, as memcached's tokenizer splits, runs of
 * spaces and spaces at either end giving no empty word, other blanks kept inside their word (a
 * number after them is for the number's reader to take), and nothing read past the length the
 * caller gives (the line without its CRLF).
 */
class InputBufferWordsTest {

    private static InputBuffer holding(String s) {
        InputBuffer in = new InputBuffer();
        in.append(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)));
        return in;
    }

    @Test
    void runsOfSpacesAndSpacesAtTheEndsMakeNoEmptyWord() {
        InputBuffer in = holding("  get   a b  \r\nversion\r\n");
        assertEquals(List.of("get", "a", "b"), in.words(13));
    }

    @Test
    void wordsAreReadFromTheUnparsedStartAndKeepEveryByte() {
        InputBuffer in = holding("xx\r\nmg k\u00e9y\u0001 v\r\n");
        in.consume(4);
        assertEquals(List.of("mg", "k\u00e9y\u0001", "v"), in.words(9));
    }

    @Test
    void onlySpacesSeparateATabStaysInItsWord() {
        assertEquals(List.of("\tset", "a", "12\t"), holding("\tset a 12\t\r\n").words(10));
    }

    @Test
    void aLineOfSpacesOrNothingHasNoWords() {
        assertEquals(List.of(), holding("   \r\n").words(3));
        assertEquals(List.of(), holding("\r\n").words(0));
    }
}
