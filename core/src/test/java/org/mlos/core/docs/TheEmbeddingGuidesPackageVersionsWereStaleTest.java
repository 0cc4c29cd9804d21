package org.mlos.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md told an outsider {@code org.mlos.core.api} 1.9 and {@code handle} 2.2 where the
 * bundle exported 1.11 and 2.3: the versions an embedder writes in an import range. The guide's
 * line names every exported package of the core at its major.minor version.
 */
class TheEmbeddingGuidesPackageVersionsWereStaleTest {

    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void everyExportedPackageIsNamedAtItsVersion() throws Exception {
        String guide = Files.readString(Path.of("../docs/embedding.md"));
        int named = 0;
        try (var infos = Files.walk(SOURCES)) {
            for (Path info : infos.filter(p -> p.getFileName().toString().equals("package-info.java")).toList()) {
                Matcher v = Pattern.compile("@org\\.osgi\\.annotation\\.versioning\\.Version\\(\"(\\d+)\\.(\\d+)\\.\\d+\"\\)")
                        .matcher(Files.readString(info));
                if (!v.find()) {
                    continue; // not exported
                }
                String pkg = SOURCES.relativize(info.getParent()).toString().replace('/', '.');
                Matcher told = Pattern.compile("`" + Pattern.quote(pkg) + "` (\\d+\\.\\d+)").matcher(guide);
                assertTrue(told.find(), "docs/embedding.md names no version of " + pkg);
                assertEquals(v.group(1) + "." + v.group(2), told.group(1), "docs/embedding.md's version of " + pkg);
                named++;
            }
        }
        assertTrue(named >= 5, "found " + named + " exported packages");
    }
}
