package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile's {@code -runvm} reaches the command line of its nodes only, read the same by the
 * launcher ({@link ProfileVm}, for nodes Java starts) and the {@code mlos} script ({@code profile_vm}).
 */
class ProfileVmTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..");

    @TempDir
    Path images;

    private void profile(String name, String text) throws Exception {
        Path dir = images.resolve("cnf/profiles");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".bndrun"), text);
    }

    @Test
    void theLauncherAndTheScriptGiveAProfilesRunvmToItsNodesOnly() throws Exception {
        profile("plain", "mlos.description: no flags\n-runproperties: a=b\n");
        profile("flagged", "mlos.description: flags\n-runvm: \\\n    --add-opens=java.base/java.lang=ALL-UNNAMED,\\\n"
                + "    -Dchronicle.analytics.disable=true\n-runvm.more: -Dx=y\n-runproperties: a=b\n");
        assertEquals(List.of(), ProfileVm.options(images, "plain"));
        assertEquals(List.of(), ProfileVm.options(images, "no-such-profile"));
        List<String> expected = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dchronicle.analytics.disable=true", "-Dx=y");
        assertEquals(expected, ProfileVm.options(images, "flagged"));
        assertEquals(List.of(), script("plain"));
        assertEquals(expected, script("flagged"));
    }

    @Test
    void theChronicleProfileOpensWhatChronicleNeedsAndTheCacheProfileNothing() throws Exception {
        Path cnf = ROOT.resolve("cnf");
        List<String> chronicle = Bndrun.read(cnf.resolve("profiles/cache-chronicle.bndrun")).runVm();
        assertTrue(chronicle.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), chronicle.toString());
        assertTrue(chronicle.contains("-Dchronicle.analytics.disable=true"), chronicle.toString());
        assertEquals(List.of(), Bndrun.read(cnf.resolve("profiles/cache.bndrun")).runVm());
    }

    /** The JVM options boot measurements chose, per profile: C1 only is for the minimal node, never for one that serves. */
    @Test
    void onlyTheMinimalProfileRunsWithoutC2() throws Exception {
        Path profiles = ROOT.resolve("cnf/profiles");
        try (var files = Files.list(profiles)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".bndrun")).toList()) {
                boolean c1Only = Bndrun.read(f).runVm().contains("-XX:TieredStopAtLevel=1");
                assertEquals(f.getFileName().toString().equals("minimal.bndrun"), c1Only, f.getFileName().toString());
            }
        }
    }

    private List<String> script(String profile) throws Exception {
        Path mlos = ROOT.resolve("mlos");
        assumeTrue(Files.isRegularFile(mlos) && Files.isExecutable(Path.of("/bin/bash")), "needs bash and the mlos script");
        String text = Files.readString(mlos);
        int start = text.indexOf("profile_vm() {");
        String function = text.substring(start, text.indexOf("\n}\n", start) + 3);
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", "IMAGES=\"$1\"\n" + function + "\nprofile_vm \"$2\"", "vm",
                images.toString(), profile));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\s+"));
    }
}
