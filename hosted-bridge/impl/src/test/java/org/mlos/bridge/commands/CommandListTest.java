package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CommandListTest {

    private static final String PATH = "relative/bin:/nonexistent:/usr/bin:/bin";

    @Test
    void namesResolveOnThePathOnceAndExplicitPathsAreKept() {
        Map<String, CommandList.Allowed> c = CommandList.parse(" cat , head=/usr/bin/head , sort[-r|--key]=/usr/bin/sort, sh[*]", PATH);
        assertEquals(List.of("cat", "head", "sh", "sort"), List.copyOf(c.keySet()));
        Path cat = c.get("cat").executable();
        assertTrue(cat.isAbsolute() && cat.endsWith("cat"), c.toString());
        assertEquals(Path.of("/usr/bin/head"), c.get("head").executable());
        assertEquals(Set.of(), c.get("cat").options());
        assertEquals(Path.of("/usr/bin/sort"), c.get("sort").executable());
        assertTrue(c.get("sort").allows("-r") && c.get("sort").allows("--key=2") && !c.get("sort").allows("-o"));
        assertTrue(c.get("sh").allows("-c") && c.get("sh").anyOption());
        assertEquals(Map.of(), CommandList.parse("", PATH));
        assertEquals(Map.of(), CommandList.parse(null, PATH));
    }

    @Test
    void badEntriesSayWhatToWriteInstead() {
        assertTrue(message("no-such-tool-here", PATH).contains("not on this host's PATH"));
        assertTrue(message("sh=bin/sh", PATH).contains("not an absolute path"));
        assertTrue(message("sh=/nonexistent/sh", PATH).contains("no executable file"));
        assertTrue(message("a b", PATH).contains("no command name"));
        assertTrue(message("../sh", PATH).contains("no command name"));
        assertTrue(message("cat,cat", PATH).contains("listed twice"));
        assertTrue(message("cat[-n", PATH).contains("with ]"));
        assertTrue(message("cat[n]", PATH).contains("no option"));
        // a relative folder of PATH is never searched: what it finds would depend on the working folder
        assertTrue(message("cat", "bin").contains("not on this host's PATH"));
    }

    private static String message(String spec, String path) {
        return assertThrows(IllegalArgumentException.class, () -> CommandList.parse(spec, path)).getMessage();
    }
}
