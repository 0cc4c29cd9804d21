package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The built profiles, as the command line lists them. */
public final class ProfileImages {

    private ProfileImages() {
    }

    /** One profile: its name, run-bundle count, bundle bytes and description. */
    public record Summary(String name, int bundles, long bundleBytes, String description) {
    }

    /** The framework properties a node of the profile runs with (its -runproperties and system packages). */
    public static java.util.Map<String, String> frameworkProperties(Path images, String profile) throws IOException {
        return Profile.load(images, profile).properties();
    }

    public static List<Summary> list(Path images) throws IOException {
        List<Summary> out = new ArrayList<>();
        for (String name : Profile.names(images)) {
            Profile p = Profile.load(images, name);
            out.add(new Summary(name, p.bundles().size(), p.imageBytes(), p.description()));
        }
        return out;
    }
}
