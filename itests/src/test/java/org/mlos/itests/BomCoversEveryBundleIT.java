package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The BOM (cnf/bom) names every bundle the build makes, so a user who imports it can depend on
 * any of them without a version: a module added without its BOM entry fails here.
 */
class BomCoversEveryBundleIT {

    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(mlos-[^<]+)</artifactId>");

    @Test
    void everyBundleModuleIsInTheBom() throws IOException {
        Path root = ItestOptions.root();
        Set<String> bom = artifacts(Files.readString(root.resolve("cnf/bom/pom.xml")));
        Set<String> bundles;
        try (Stream<Path> s = Files.find(root, 4, (p, a) -> p.getFileName().toString().equals("bnd.bnd")
                && !p.getParent().equals(root) && !p.toString().contains("/target/"))) {
            bundles = s.map(b -> ownArtifact(b.resolveSibling("pom.xml")))
                    .filter(a -> !List.of("mlos-runtime-launcher").contains(a))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(bundles.size() >= 10, "found the bundle modules: " + bundles);
        bundles.removeAll(bom);
        assertEquals(Set.of(), bundles, "bundles missing from cnf/bom/pom.xml: add each as a managed dependency");
    }

    /** The module's own artifactId: the first mlos- artifactId after its parent block. */
    private static String ownArtifact(Path pom) {
        try {
            String text = Files.readString(pom);
            int afterParent = text.indexOf("</parent>");
            Matcher m = ARTIFACT.matcher(text);
            if (!m.find(Math.max(afterParent, 0))) {
                throw new IllegalStateException("no artifactId in " + pom);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> artifacts(String pom) {
        Set<String> out = new TreeSet<>();
        Matcher m = ARTIFACT.matcher(pom);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
