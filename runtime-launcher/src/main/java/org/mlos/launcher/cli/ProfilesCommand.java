package org.mlos.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.mlos.launcher.ProfileImages;
import org.mlos.launcher.ProfileImages.Summary;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mlos profiles}: one line per profile. */
@Command(name = "profiles", mixinStandardHelpOptions = true,
        description = { "Lists the node profiles: name, bundles, image size, what each is for.",
                "Image bytes count everything a node of the profile loads besides the JDK: the launcher, the Felix"
                        + " framework and the profile's bundles." })
final class ProfilesCommand implements Callable<Integer> {

    @ParentCommand
    private MlosCli parent;

    @Override
    public Integer call() throws Exception {
        Path lib = parent.images.getParent();
        long base = Files.size(lib.resolve("mlos-launcher.jar")) + Files.size(lib.resolve("lib/org.apache.felix.framework.jar"));
        List<Summary> profiles = ProfileImages.list(parent.images);
        if (profiles.isEmpty()) {
            System.out.println("no profiles built in " + parent.images);
            return 1;
        }
        String row = rowFormat(profiles.stream().map(Summary::name).toList());
        System.out.printf(row, "PROFILE", "BUNDLES", "IMAGE_BYTES", "DESCRIPTION");
        for (Summary s : profiles) {
            System.out.printf(row, s.name(), s.bundles(), s.bundleBytes() + base, s.description());
        }
        return 0;
    }

    /** A row's format: the name column as wide as the longest name, so the columns line up. */
    static String rowFormat(List<String> names) {
        int width = names.stream().mapToInt(String::length).max().orElse(0);
        return "%-" + Math.max(width, "PROFILE".length()) + "s %7s %12s  %s%n";
    }
}
