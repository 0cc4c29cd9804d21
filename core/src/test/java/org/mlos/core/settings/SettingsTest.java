package org.mlos.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings properties(Map<String, String> values) {
        return Settings.of(values::get, "framework property");
    }

    @Test
    void configurationWinsOverThePropertyWhichWinsOverTheDefault() {
        Settings s = properties(Map.of("a", "7", "b", "8"));
        assertEquals(7, s.number("a", 1, 0, 100));
        assertEquals(3, s.configured("a", 3).number("a", 1, 0, 100));
        assertEquals(1, s.number("c", 1, 0, 100));
        assertEquals(8, s.configured("a", 3).number("b", 1, 0, 100), "configuring one setting leaves the others");
    }

    @Test
    void unsetConfigurationAndBlankValuesFallThrough() {
        Settings s = properties(Map.of("a", "  ", "b", " x "));
        assertEquals(5, s.configured("a", null).number("a", 5, 0, 10));
        assertEquals("x", s.configured("b", "").text("b", "d"), "blank configuration leaves the property; values are trimmed");
        assertEquals("d", s.text("a", "d"));
    }

    @Test
    void aValueThatIsNotANumberNamesTheSettingItsSourceAndWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> properties(Map.of("mlos.port", "eleven")).integer("mlos.port", 11211, 0, 65535));
        assertEquals("framework property mlos.port must be a whole number from 0 to 65535, was 'eleven'; fix it where "
                + "it is set (--set mlos.port=…, the profile, or the component's configuration)", e.getMessage());
    }

    @Test
    void aNumberOutOfRangeIsRefusedAndAConfiguredOneIsBlamedOnTheConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> properties(Map.of()).configured("size", 0).number("size", 64, 1, Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("configuration size must be a whole number of at least 1, was '0'"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> properties(Map.of("n", "99999999999")).integer("n", 1, 0,
                Integer.MAX_VALUE));
    }

    @Test
    void flagsAreTrueOrFalseNotAnythingElse() {
        assertTrue(properties(Map.of("f", "TRUE")).flag("f", false));
        assertFalse(properties(Map.of("f", "false")).flag("f", true));
        assertTrue(properties(Map.of()).flag("f", true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> properties(Map.of("f", "yes")).flag("f", false));
        assertTrue(e.getMessage().contains("must be true or false, was 'yes'"), e.getMessage());
    }

    @Test
    void choicesAreOneOfTheAllowedWords() {
        assertEquals("off", properties(Map.of("e", "OFF")).choice("e", "on", "on", "off"));
        assertEquals("on", properties(Map.of()).choice("e", "on", "on", "off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> properties(Map.of("e", "of")).choice("e", "on", "on", "off"));
        assertTrue(e.getMessage().contains("must be one of on, off, was 'of'"), e.getMessage());
    }

    @Test
    void withoutAFrameworkEveryPropertyIsUnset() {
        assertEquals(42, Settings.of((org.osgi.framework.BundleContext) null).number("x", 42, 0, 100));
    }
}
