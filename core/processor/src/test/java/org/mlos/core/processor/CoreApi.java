package org.mlos.core.processor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Core's API that generated code compiles against (packages api, handle, remote and state),
 * compiled from core's own sources once per test run. The processor's tests cannot depend on
 * mlos-core: core depends on the processor to build its test kinds, and Maven refuses the cycle.
 * Compiling the real sources, rather than keeping stand-ins here, keeps the tests on the contract
 * the kernel and the remote transport actually use.
 */
final class CoreApi {

    private static final List<String> PACKAGES = List.of("api", "handle", "remote", "state");
    private static Path classes;

    private CoreApi() {
    }

    /** The directory of the compiled API classes. */
    static synchronized Path classes() throws IOException {
        if (classes == null) {
            classes = compile(Path.of(System.getProperty("basedir", "")).toAbsolutePath()
                    .resolve("target/core-api-classes"));
        }
        return classes;
    }

    private static Path compile(Path out) throws IOException {
        Path core = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("../src/main/java/org/mlos/core")
                .normalize();
        List<Path> sources = new ArrayList<>();
        for (String p : PACKAGES) {
            try (Stream<Path> files = Files.list(core.resolve(p))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        Files.createDirectories(out);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("-d", out.toString(), "-proc:none", "-classpath",
                    System.getProperty("java.class.path"));
            boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                    .call();
            if (!ok) {
                throw new IllegalStateException("core's API does not compile from " + core + ": " + diagnostics.getDiagnostics()
                        .stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString)
                        .collect(Collectors.joining("\n")));
            }
        }
        return out;
    }
}
