package org.mlos.core.processor;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/** Compiles one source file of package {@code demo} in memory, as a kind's module would: the processor tests' javac. */
final class KindCompiler {

    private KindCompiler() {
    }

    /**
     * @param out       where the classes go
     * @param source    the whole source of {@code demo/Demo.java}
     * @param processor whether the kind processor runs ({@code -proc:full}) or not ({@code -proc:none})
     * @return the compile errors' messages
     */
    static List<String> errors(Path out, String source, boolean processor) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///demo/Demo.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Files.createDirectories(out);
        List<String> options = new ArrayList<>(List.of("-d", out.toString(), "-classpath",
                System.getProperty("java.class.path"), processor ? "-proc:full" : "-proc:none"));
        JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics, options, null, List.of(file));
        if (processor) {
            task.setProcessors(List.of(new KindProcessor()));
        }
        task.call();
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).collect(Collectors.toList());
    }
}
