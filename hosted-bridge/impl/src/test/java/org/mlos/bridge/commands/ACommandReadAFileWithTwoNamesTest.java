package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.mlos.bridge.api.HostFileException;
import org.mlos.bridge.files.DiskFiles;

/**
 * Found by a review: with {@code hard} a hard link in the files folder to a file outside it,
 * {@code GET /files/hard} was refused ("the file has 2 names") but {@code POST /commands/cat?arg=hard}
 * printed the file (and {@code sha256sum} hashed it). An argument naming a file is now held to the
 * files API's one-name rule, wherever the name stands in it.
 */
class ACommandReadAFileWithTwoNamesTest {

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;
    AllowedCommands commands;

    @AfterEach
    void close() {
        commands.close();
    }

    @Test
    void aFileWithTwoNamesIsRefusedAsTheFilesApiRefusesIt() throws Exception {
        Files.writeString(elsewhere.resolve("secret"), "secret\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.createLink(dir.resolve("hard"), elsewhere.resolve("secret"));
        Files.createLink(dir.resolve("sub/hard"), elsewhere.resolve("secret"));
        Files.writeString(dir.resolve("p.txt"), "mine\n");
        HostFileException files = assertThrows(HostFileException.class, () -> new DiskFiles(dir, 1 << 20).read("hard"));
        assertTrue(files.getMessage().contains("the file has 3 names"), files.getMessage());
        commands = new AllowedCommands("cat,sha256sum,cp,sort[*]", dir, 20_000, 1 << 20, 2);
        HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run("cat", List.of("hard"), null));
        assertTrue(e.getMessage().contains("'hard' names a file the bridge does not serve: the file has 3 names (hard links)")
                && e.getMessage().contains("copy it instead of linking it"), e.getMessage());
        for (List<String> args : List.of(List.of("p.txt", "sub/hard"), List.of("./hard"), List.of("text:hard"), List.of("x,sub/hard"))) {
            e = assertThrows(HostCommandException.class, () -> commands.run("cat", args, null), args.toString());
            assertTrue(e.getMessage().contains("3 names"), e.getMessage());
        }
        e = assertThrows(HostCommandException.class, () -> commands.run("sha256sum", List.of("hard"), null));
        assertTrue(e.getMessage().contains("3 names"), e.getMessage());
        e = assertThrows(HostCommandException.class, () -> commands.run("cp", List.of("p.txt", "hard"), null));
        assertTrue(e.getMessage().contains("3 names"), e.getMessage());
        e = assertThrows(HostCommandException.class, () -> commands.run("sort", List.of("-ohard", "p.txt"), null));
        assertTrue(e.getMessage().contains("'hard' (a value it may give the short option(s) '-o') names a file the bridge "
                + "does not serve: the file has 3 names"), e.getMessage());
        e = assertThrows(HostCommandException.class, () -> commands.run("sort", List.of("--output=sub/hard", "p.txt"), null));
        assertTrue(e.getMessage().contains("3 names"), e.getMessage());
        assertEquals("secret\n", Files.readString(elsewhere.resolve("secret")), "nothing was written outside");
    }

    @Test
    void aFileWithOneNameAndAFolderAreNamedAsBefore() throws Exception {
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.writeString(dir.resolve("sub/in.txt"), "inside\n");
        commands = new AllowedCommands("cat,ls", dir, 20_000, 1 << 20, 2);
        assertEquals("inside\n", new String(commands.run("cat", List.of("sub/in.txt"), null).stdout(), StandardCharsets.UTF_8));
        assertEquals("deeper\nin.txt\n", new String(commands.run("ls", List.of("sub"), null).stdout(), StandardCharsets.UTF_8));
    }

    /**
     * An outsider's re-check: {@code cp -r d e} copied a hard link in {@code d} (to a file outside)
     * into {@code e/h}, a file of one name the files API then served; {@code cp -rL s s2} did the
     * same with a symbolic link leading out. A folder named in an argument is refused when anything
     * in its tree has several names or leads out.
     */
    @Test
    void aFolderHoldingALinkOutIsRefusedForItsTreeMayBeWalked() throws Exception {
        Files.writeString(elsewhere.resolve("secret"), "secret\n");
        Files.createDirectories(dir.resolve("d/deeper"));
        Files.createLink(dir.resolve("d/deeper/h"), elsewhere.resolve("secret"));
        Files.createDirectories(dir.resolve("s"));
        Files.createSymbolicLink(dir.resolve("s/l"), elsewhere.resolve("secret"));
        Files.createDirectories(dir.resolve("ok/in"));
        Files.writeString(dir.resolve("ok/in/f.txt"), "mine\n");
        Files.createSymbolicLink(dir.resolve("ok/in/near"), dir.resolve("ok/in/f.txt"));
        commands = new AllowedCommands("cp[*],ls", dir, 20_000, 1 << 20, 2);

        HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run("cp", List.of("-r", "d", "e"), null));
        assertTrue(e.getMessage().contains("'d' names a file the bridge does not serve: a command may walk the folder, and "
                + "deeper/h in it: the file has 2 names"), e.getMessage());
        e = assertThrows(HostCommandException.class, () -> commands.run("cp", List.of("-rL", "s", "s2"), null));
        assertTrue(e.getMessage().contains("l in it is a symbolic link leading out of the host's files folder"), e.getMessage());
        e = assertThrows(HostCommandException.class, () -> commands.run("ls", List.of("."), null));
        assertTrue(e.getMessage().contains("a command may walk the folder"), "the files folder itself: " + e.getMessage());
        assertTrue(!Files.exists(dir.resolve("e")) && !Files.exists(dir.resolve("s2")), "nothing copied");

        assertEquals(0, commands.run("cp", List.of("-r", "ok", "ok2"), null).exitCode(), "a tree of its own, links inside it");
        assertEquals("mine\n", Files.readString(dir.resolve("ok2/in/f.txt")));
    }
}
