package org.mlos.core.processor;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles one source file with the kind processor, as a module declaring kinds would, against {@link CoreApi}. */
final class KindCompiler {

    private KindCompiler() {
    }

    /**
     * @param out    where the classes go
     * @param file   the source's path, e.g. {@code demo/Outer.java}
     * @param source its text
     * @param more   further class path entries (classes a test compiled before)
     * @return the compile errors' messages
     */
    static List<String> errors(Path out, String file, String source, Path... more) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject input = new SimpleJavaFileObject(URI.create("string:///" + file), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Files.createDirectories(out);
        StringBuilder classpath = new StringBuilder(classpath());
        for (Path p : more) {
            classpath.append(File.pathSeparator).append(p);
        }
        List<String> options = List.of("-d", out.toString(), "-proc:full", "-classpath", classpath.toString());
        JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics, options, null, List.of(input));
        task.setProcessors(List.of(new KindProcessor()));
        task.call();
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).collect(Collectors.toList());
    }

    /** Core's API and the test class path (OSGi annotations, bnd). */
    static String classpath() throws Exception {
        return CoreApi.classes() + File.pathSeparator + System.getProperty("java.class.path");
    }

    /** Loads the compiled classes, with core's API, as one bundle's class loader would. */
    static URLClassLoader loader(Path out) throws Exception {
        return new URLClassLoader(new URL[] {out.toUri().toURL(), CoreApi.classes().toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
    }
}
