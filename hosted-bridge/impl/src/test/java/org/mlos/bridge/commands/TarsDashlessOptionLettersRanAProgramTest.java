package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.CommandResult;
import org.mlos.bridge.api.HostCommandException;

/**
 * Found by an outsider's security audit: with {@code mlos.bridge.commands=tar,cat,sort} (tar
 * allowed no option) {@code tar -c -I id in.txt} was refused, but {@code tar cfI x.tar
 * 'id > pwned.txt; …' in.txt} ran the shell line: GNU tar reads a first argument without a
 * {@code -} as option letters, and only arguments starting with {@code -} were held to the list.
 * Such tools, and those that run the program their arguments name, are now refused as the node
 * starts unless allowed any option ({@code tar[*]}); an argument starting with {@code +} is an
 * option too.
 */
class TarsDashlessOptionLettersRanAProgramTest {

    private static final String PATH = "/usr/bin:/bin";

    @TempDir
    Path dir;

    @Test
    void tarAllowedNoOptionStopsTheStartSayingWhy() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "hello\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            AllowedCommands c = new AllowedCommands("tar,cat,sort", dir, 20_000, 1 << 20, 2);
            try {
                c.run("tar", List.of("cfI", "x.tar", "id > pwned.txt; echo", "in.txt"), null);
            } finally {
                c.close();
            }
        });
        assertEquals("mlos.bridge.commands: tar is refused: tar reads its first argument's letters as options without a - "
                + "(tar cfI x.tar prog in.txt runs prog through the shell), so a list of its options cannot hold; allow it as "
                + "tar[*] only if callers may run any program as the node's user, or leave it out", e.getMessage());
        assertFalse(Files.exists(dir.resolve("pwned.txt")));
    }

    @Test
    void everyToolWhoseOptionsHaveNoDashNeedsAnyOption() {
        for (String spec : List.of("tar[-c|-f]", "ar", "ps", "dd", "jar", "env", "xargs", "nice", "timeout",
                "archive=/usr/bin/tar", "t[-t]=/usr/bin/tar")) {
            String m = assertThrows(IllegalArgumentException.class, () -> CommandList.parse(spec, PATH), spec).getMessage();
            assertTrue(m.contains(" is refused: ") && m.contains("[*] only if callers may run any program"), m);
        }
        String m = assertThrows(IllegalArgumentException.class, () -> CommandList.parse("archive=/usr/bin/tar", PATH)).getMessage();
        assertTrue(m.startsWith("mlos.bridge.commands: archive is refused: archive (/usr/bin/tar, tar) reads"), m);
        assertTrue(CommandList.parse("tar[*],ps[*],cat,sort[-r]", PATH).get("tar").anyOption());
    }

    @Test
    void anArgumentStartingWithPlusIsAnOption() throws Exception {
        AllowedCommands bare = new AllowedCommands("date,sort[-r]", dir, 20_000, 1 << 20, 2);
        AllowedCommands plus = new AllowedCommands("date[+]", dir, 20_000, 1 << 20, 2);
        try {
            HostCommandException e = assertThrows(HostCommandException.class, () -> bare.run("date", List.of("+%s"), null));
            assertEquals("date: argument '+%s' is an option (a + starts one for date, vi, less, tail…: vi +'!id' runs a "
                    + "program) and is not allowed on this host; it takes none (the host lists them in mlos.bridge.commands, "
                    + "+ for any starting with +, e.g. date[+])", e.getMessage());
            assertThrows(HostCommandException.class, () -> bare.run("sort", List.of("+1", "x"), null));
            CommandResult r = plus.run("date", List.of("+%Y"), null);
            assertEquals(0, r.exitCode());
            assertTrue(new String(r.stdout()).strip().matches("\\d{4}"));
            assertEquals(0, bare.run("date", List.of(), null).exitCode());
        } finally {
            bare.close();
            plus.close();
        }
    }
}
