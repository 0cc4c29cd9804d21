package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.HostCommandException;

/**
 * Found by an outsider's trial: an allowed {@code ln} given {@code /etc/passwd} made a hard link
 * in the files folder that the bridge then served, and an appended-to hard link wrote outside it;
 * a review found {@code convert text:/…} and {@code tar --checkpoint-action=exec=…}. No argument
 * may name a place outside the folder, and a command takes only the options the host lists.
 */
class ArgumentsThatLeadOutAreRefusedTest {

    @TempDir
    Path dir;
    AllowedCommands commands;

    @AfterEach
    void close() {
        commands.close();
    }

    @Test
    void pathsOutOfTheFolderAreRefusedWhereverTheyStandInAnArgument() throws Exception {
        commands = new AllowedCommands("ln,cat", dir, 20_000, 1 << 20, 2);
        for (String bad : List.of("/etc/passwd", "text:/etc/passwd", "--file=/etc/passwd", "in/../../x", "..", "~/x",
                "~root", "a,/etc/passwd", "@/etc/passwd")) {
            HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run("cat", List.of(bad), null), bad);
            assertTrue(e.getMessage().contains("leads out") || e.getMessage().contains("not allowed"), e.getMessage());
        }
        assertThrows(HostCommandException.class, () -> commands.run("ln", List.of("/etc/passwd", "hardpw"), null));
        assertFalse(Files.exists(dir.resolve("hardpw")), "no link was made");
        Files.writeString(dir.resolve("in.txt"), "inside");
        assertEquals("inside", new String(commands.run("cat", List.of("in.txt", "-"), null).stdout(), StandardCharsets.UTF_8));
    }

    @Test
    void onlyTheOptionsTheHostListsAreTaken() {
        commands = new AllowedCommands("sort[-r|--key],cat", dir, 20_000, 1 << 20, 2);
        HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run("cat", List.of("-n"), null));
        assertTrue(e.getMessage().contains("option '-n'") && e.getMessage().contains("cat[-n]"), e.getMessage());
        assertThrows(HostCommandException.class, () -> commands.run("sort", List.of("--compress-program=sh"), null));
        byte[] lines = "a\nc\nb\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("c\nb\na\n", new String(commands.run("sort", List.of("-r", "--key=1"), lines).stdout(), StandardCharsets.UTF_8));
    }

    @Test
    void aCommandSeesNoneOfTheNodesCredentialsAndHasTheFolderForHome() throws Exception {
        commands = new AllowedCommands("env[*]", dir, 20_000, 1 << 20, 2);
        String env = new String(commands.run("env", List.of(), null).stdout(), StandardCharsets.UTF_8);
        for (String line : env.split("\n")) {
            String name = line.substring(0, Math.max(0, line.indexOf('=')));
            assertTrue(List.of("PATH", "LANG", "TZ", "TMPDIR", "HOME", LeftBehind.VARIABLE).contains(name) || name.startsWith("LC_"), line);
        }
        assertTrue(env.contains("HOME=" + dir.toRealPath()), env);
    }
}
