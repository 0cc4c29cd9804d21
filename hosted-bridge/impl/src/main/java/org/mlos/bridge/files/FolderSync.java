package org.mlos.bridge.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts a folder's entries on disk (fsync of the folder): without it a crash can lose a rename or a
 * folder just made, and a write answered 204 comes back old or gone. Best effort: it runs after
 * the change has landed, so a file system that cannot sync a folder (VirtualBox shared folders
 * answer EINVAL) does not turn a done write into a failed one; that is said once in the log.
 */
final class FolderSync {

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private FolderSync() {
    }

    /** The folder a walk holds open. */
    static void sync(SecureDirectoryStream<Path> dir) {
        try (SeekableByteChannel ch = dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            force(ch);
        } catch (IOException e) {
            tell(e);
        }
    }

    /** A folder by its path: one the write has just made, or the one it was made in. */
    static void sync(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ch.force(true);
        } catch (IOException e) {
            tell(e);
        }
    }

    private static void force(SeekableByteChannel ch) throws IOException {
        if (ch instanceof FileChannel folder) {
            folder.force(true);
        }
    }

    private static void tell(IOException e) {
        if (TOLD.compareAndSet(false, true)) {
            System.getLogger(FolderSync.class.getName()).log(System.Logger.Level.WARNING,
                    "the host's files folder cannot be synced to disk (" + e + "): writes land, but a crash of the host "
                    + "may lose the newest; put " + org.mlos.bridge.api.BridgeProperties.ROOT + " on a local file system");
        }
    }
}
