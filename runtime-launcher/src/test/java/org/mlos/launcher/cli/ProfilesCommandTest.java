package org.mlos.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@code mlos profiles} lines its columns up whatever the longest profile name. */
class ProfilesCommandTest {

    @Test
    void theDescriptionsStartInOneColumnWithALongProfileName() {
        List<String> names = List.of("cache", "cache-standalone", "worker");
        String row = ProfilesCommand.rowFormat(names);
        int column = String.format(row, "PROFILE", "BUNDLES", "IMAGE_BYTES", "DESCRIPTION").indexOf("DESCRIPTION");
        for (String name : names) {
            assertEquals(column, String.format(row, name, 31, 8852598L, "what it is").indexOf("what it is"), name);
        }
    }
}
