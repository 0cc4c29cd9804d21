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

/**
 * Found by an outsider's trial: with a symbolic link {@code outside -> /tmp} in the files folder,
 * {@code GET /files/outside/secret} was refused ("a symbolic link leading out") but
 * {@code POST /commands/cat?arg=outside/secret} answered the file. An argument is now held to the
 * files API's rule: no part of it may lead out of the folder through a link.
 */
class ACommandReadAFileOutsideThroughALinkTest {

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
    void anArgumentThroughALinkLeadingOutIsRefusedWhereverItStands() throws Exception {
        Files.writeString(elsewhere.resolve("secret"), "secret\n");
        Files.createSymbolicLink(dir.resolve("outside"), elsewhere);
        Files.createSymbolicLink(dir.resolve("secret-link"), elsewhere.resolve("secret"));
        Files.createSymbolicLink(dir.resolve("dangling"), elsewhere.resolve("not-yet"));
        commands = new AllowedCommands("cat,sha256sum,cp", dir, 20_000, 1 << 20, 2);
        for (List<String> args : List.of(List.of("outside/secret"), List.of("secret-link"), List.of("outside"),
                List.of("in.txt", "outside/new"), List.of("in.txt", "dangling"))) {
            String command = args.size() == 2 ? "cp" : "cat";
            HostCommandException e = assertThrows(HostCommandException.class, () -> commands.run(command, args, null),
                    args.toString());
            assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        }
        HostCommandException e = assertThrows(HostCommandException.class,
                () -> commands.run("sha256sum", List.of("outside/secret"), null));
        assertTrue(e.getMessage().contains("in 'outside/secret', outside is a symbolic link leading out"), e.getMessage());
        assertTrue(Files.notExists(elsewhere.resolve("new")) && Files.notExists(elsewhere.resolve("not-yet")),
                "nothing was written outside");
    }

    @Test
    void aLinkThatStaysInsideIsFollowedAsBefore() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/in.txt"), "inside\n");
        Files.createSymbolicLink(dir.resolve("inner"), dir.resolve("sub"));
        commands = new AllowedCommands("cat", dir, 20_000, 1 << 20, 2);
        assertEquals("inside\n", new String(commands.run("cat", List.of("inner/in.txt"), null).stdout(), StandardCharsets.UTF_8));
        assertEquals("inside\n", new String(commands.run("cat", List.of("sub/in.txt", "-"), null).stdout(), StandardCharsets.UTF_8));
    }
}
