package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mlos.mem.store.lru.LruStore;

/**
 * These bundles are the stores a Java 17 runtime (Karaf 4.4) can run, the heap stores and the base
 * classes they extend: every class they hold must be Java 17 bytecode (class file version 61), or
 * the bundle stays Installed there.
 */
class Java17BytecodeTest {

    private static final int JAVA_17 = 61;

    @Test
    void everyClassOfTheHeapStoresIsJava17Bytecode() throws Exception {
        assertJava17(LruStore.class, "services-mem/heap");
    }

    @Test
    void everyClassOfTheStoresBaseIsJava17Bytecode() throws Exception {
        assertJava17(AbstractStore.class, "services-mem/store");
    }

    /** The classes beside {@code of}: its module's target/classes in a reactor build, else its jar. */
    private static void assertJava17(Class<?> of, String module) throws Exception {
        Path location = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (FileSystem jar = Files.isDirectory(location) ? null : FileSystems.newFileSystem(location)) {
            Path classes = jar == null ? location : jar.getPath("/");
            List<Path> all;
            try (Stream<Path> s = Files.walk(classes)) {
                all = s.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
            }
            assertTrue(all.size() >= 5, "found the bundle's classes in " + location + ": " + all.size());
            List<String> newer = all.stream().filter(p -> major(p) > JAVA_17).map(p -> classes.relativize(p) + " (" + major(p) + ")")
                    .collect(Collectors.toList());
            assertEquals(List.of(), newer, "classes newer than Java 17: keep maven.compiler.release at 17 in " + module);
        }
    }

    private static int major(Path classFile) {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream data = new DataInputStream(in)) {
            data.readInt(); // magic
            data.readUnsignedShort(); // minor
            return data.readUnsignedShort();
        } catch (IOException e) {
            throw new IllegalStateException(classFile.toString(), e);
        }
    }
}
