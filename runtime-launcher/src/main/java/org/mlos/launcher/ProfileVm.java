package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JVM options a profile asks for in its {@code .bndrun} ({@code -runvm}), added to the
 * command line of every node of that profile: a library that needs JDK internals opened (Chronicle
 * Queue) brings its flags with the profile that carries it, and no other node gets them.
 */
public final class ProfileVm {

    private ProfileVm() {
    }

    /** The profile's {@code -runvm} options; none when the profile has no such file (bare Felix). */
    public static List<String> options(Path images, String profile) throws IOException {
        Path bndrun = Profile.bndrunFile(images, profile);
        return Files.isRegularFile(bndrun) ? Bndrun.read(bndrun).runVm() : List.of();
    }
}
