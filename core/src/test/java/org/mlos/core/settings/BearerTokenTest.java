package org.mlos.core.settings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    Path dir;

    @Test
    void onlyTheWholeTokenIsAdmitted() {
        BearerToken t = BearerToken.of(TOKEN, "the test token");
        assertTrue(t.admits("Bearer " + TOKEN));
        assertFalse(t.admits(null));
        assertFalse(t.admits(""));
        assertFalse(t.admits("Bearer " + TOKEN.substring(1)));
        assertFalse(t.admits("Bearer " + TOKEN + "x"));
        assertFalse(t.admits("Basic " + TOKEN));
        assertTrue(t.admits("bearer " + TOKEN), "the scheme's case is free");
        assertFalse(t.admits("Bearer  " + TOKEN));
        assertFalse(t.admits("Bearer"));
    }

    @Test
    void aShortTokenIsRefusedSayingHowLongItMustBe() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BearerToken.of("short\n", "the test token"));
        assertTrue(e.getMessage().contains("at least 16") && e.getMessage().contains("it has 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BearerToken.of("   ", "the test token"), "an empty file is no token");
    }

    @Test
    void theFileIsReadWithoutItsLineEnd() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        BearerToken t = BearerToken.fromFile(settings(Map.of("x.token.file", file.toString())), "x.token.file", "x token", "make one");
        assertTrue(t.admits("Bearer " + TOKEN));
    }

    @Test
    void aMissingSettingOrFileSaysWhichAndHowToGetOne() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> BearerToken.fromFile(settings(Map.of()), "x.token.file", "x token", "mlos run makes one"));
        assertTrue(none.getMessage().contains("x.token.file") && none.getMessage().contains("mlos run makes one"), none.getMessage());
        String missing = dir.resolve("absent").toString();
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> BearerToken.fromFile(settings(Map.of("x.token.file", missing)), "x.token.file", "x token", "make one"));
        assertTrue(gone.getMessage().contains(missing), gone.getMessage());
    }

    /** An outsider's audit: a token file every user could read (0644) was taken without a word. */
    @Test
    void aTokenFileOtherUsersCanReadIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("open-token"), TOKEN + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BearerToken.fromFile(settings(Map.of("x.token.file", file.toString())), "x.token.file", "x token", "make one"));
        assertTrue(e.getMessage().contains(file + " is readable by other users; chmod 600 it"), e.getMessage());
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThrows(IllegalStateException.class,
                () -> BearerToken.fromFile(settings(Map.of("x.token.file", file.toString())), "x.token.file", "x token", "make one"),
                "its group's too");
    }

    private static Settings settings(Map<String, String> values) {
        return Settings.of(values::get, "test property");
    }
}
