package org.mlos.bridge.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.bridge.api.HostCommandException;

/**
 * Found by an outsider's security audit: an argument was split only at {@code = : , @}, so
 * {@code cp --target-directory=/tmp/x p.txt} was refused but {@code cp -t/tmp/x p.txt} and
 * {@code sort -o/tmp/x/escaped.txt p.txt} (a value attached to a short option) ran and wrote outside
 * the files folder, for commands allowed with any option. Every value an argument starting with a
 * single {@code -} may attach to a short option is now held to the checks of an argument's part.
 */
class AnAbsolutePathAttachedToAShortOptionWasNotRefusedTest {

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;
    AllowedCommands commands;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("p.txt"), "b\na\n");
        commands = new AllowedCommands("cp[*],sort[*]", dir, 20_000, 1 << 20, 2);
    }

    @AfterEach
    void close() {
        commands.close();
    }

    @Test
    void aPathOutOfTheFolderAttachedToAShortOptionIsRefused() throws Exception {
        String out = elsewhere.toRealPath().toString();
        HostCommandException e = assertThrows(HostCommandException.class,
                () -> commands.run("cp", List.of("-t" + out, "p.txt"), null));
        assertTrue(e.getMessage().contains("'" + out + "' (a value it may give the short option(s) '-t') leads out of the "
                + "host's files folder") && e.getMessage().contains("as an argument of its own"), e.getMessage());
        for (List<String> args : List.of(List.of("-ut" + out, "p.txt"), List.of("-t../" + dir.getFileName(), "p.txt"),
                List.of("-t~", "p.txt"), List.of("-t~/x", "p.txt"), List.of("-t..", "p.txt"))) {
            e = assertThrows(HostCommandException.class, () -> commands.run("cp", args, null), args.toString());
            assertTrue(e.getMessage().contains("leads out"), e.getMessage());
        }
        for (List<String> args : List.of(List.of("-o" + out + "/escaped.txt", "p.txt"), List.of("-ro" + out + "/escaped.txt", "p.txt"),
                List.of("-o../escaped.txt", "p.txt"), List.of("-o~/escaped.txt", "p.txt"), List.of("-k1,2", "-o" + out + "/escaped.txt"))) {
            e = assertThrows(HostCommandException.class, () -> commands.run("sort", args, null), args.toString());
            assertTrue(e.getMessage().contains("leads out"), e.getMessage());
        }
        try (Stream<Path> written = Files.list(elsewhere)) {
            assertEquals(0, written.count(), "nothing was written outside the folder");
        }
        assertTrue(Files.notExists(dir.getParent().resolve("escaped.txt")), "nothing was written above the folder");
    }

    @Test
    void anAttachedValueThroughALinkLeadingOutIsRefused() throws Exception {
        Files.createSymbolicLink(dir.resolve("outside"), elsewhere);
        HostCommandException e = assertThrows(HostCommandException.class,
                () -> commands.run("cp", List.of("-toutside", "p.txt"), null));
        assertTrue(e.getMessage().contains("in 'outside' (a value it may give the short option(s) '-t'), it is a symbolic link "
                + "leading out"), e.getMessage());
        assertThrows(HostCommandException.class, () -> commands.run("sort", List.of("-rooutside/escaped.txt", "p.txt"), null));
        try (Stream<Path> written = Files.list(elsewhere)) {
            assertEquals(0, written.count(), "nothing was written outside the folder");
        }
    }

    @Test
    void anOverlongArgumentWithAShortOptionIsRefusedAndSaysWhy() {
        String arg = "-" + "v".repeat(ArgumentCheck.MOST_SHORT);
        HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run("cp", List.of(arg, "p.txt", "q.txt"), null));
        assertTrue(e.getMessage().contains("over " + ArgumentCheck.MOST_SHORT) && e.getMessage().contains("argument of its own"),
                e.getMessage());
    }

    @Test
    void shortOptionsWithValuesInsideTheFolderWorkAsBefore() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        byte[] lines = "a 2\nc 1\nb 3\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("c 1\nb 3\na 2\n", new String(commands.run("sort", List.of("-rk1,1"), lines).stdout(), StandardCharsets.UTF_8));
        assertEquals("c 1\na 2\nb 3\n", new String(commands.run("sort", List.of("-k2,2", "-n"), lines).stdout(), StandardCharsets.UTF_8));
        assertEquals("c 1\nb 3\na 2\n", new String(commands.run("sort", List.of("-r", "--key=1"), lines).stdout(), StandardCharsets.UTF_8));
        assertEquals(0, commands.run("sort", List.of("-o", "out/x.txt", "p.txt"), null).exitCode());
        assertEquals("a\nb\n", Files.readString(dir.resolve("out/x.txt")));
        assertEquals(0, commands.run("sort", List.of("-oy.txt", "p.txt"), null).exitCode());
        assertEquals("a\nb\n", Files.readString(dir.resolve("y.txt")));
        assertEquals(0, commands.run("cp", List.of("-tout", "p.txt"), null).exitCode());
        assertEquals("b\na\n", Files.readString(dir.resolve("out/p.txt")));
        assertEquals(0, commands.run("cp", List.of("--target-directory=out", "y.txt"), null).exitCode());
        assertTrue(Files.exists(dir.resolve("out/y.txt")));
    }
}
