package org.mlos.core.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Generates the handle class of every {@code @Kind} interface at compile time, so that handles
 * are plain classes the JIT inlines through (no {@code java.lang.reflect.Proxy}, no bytecode
 * generation at run time, and readable source in {@code target/generated-sources}).
 *
 * <p>javac finds this processor on the class path through {@code META-INF/services}; a module
 * that declares kinds needs nothing but a dependency on {@code org.mlos.core}.
 */
@SupportedAnnotationTypes(KindProcessor.KIND)
public final class KindProcessor extends AbstractProcessor {

    static final String KIND = "org.mlos.core.api.Kind";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement kindAnnotation = processingEnv.getElementUtils().getTypeElement(KIND);
        if (kindAnnotation == null) {
            return false;
        }
        for (Element element : round.getElementsAnnotatedWith(kindAnnotation)) {
            if (element.getKind() != ElementKind.INTERFACE) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                        "@Kind marks service interfaces only; " + element + " is a " + element.getKind(),
                        element);
                continue;
            }
            String hidden = KindVisibility.problem((TypeElement) element);
            if (hidden != null) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, hidden, element);
                continue;
            }
            boolean namesFree = namesAreFree((TypeElement) element);
            if (mutatorsAreSynchronous((TypeElement) element) && namesFree) {
                generate((TypeElement) element, remote((TypeElement) element, kindAnnotation));
                if (remote((TypeElement) element, kindAnnotation)) {
                    generateRemote((TypeElement) element);
                }
            }
        }
        return true;
    }

    /**
     * The handle's drain tells a mediated call from a direct one by method names: a kind method
     * named like the mediated path ({@code <method>$m}) or the handle's own members
     * ({@code mlos$...}) would make a direct call look mediated and let a swap miss it.
     */
    private boolean namesAreFree(TypeElement kind) {
        boolean free = true;
        for (ExecutableElement m : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(kind))) {
            String name = m.getSimpleName().toString();
            if (m.getModifiers().contains(Modifier.STATIC) || !(name.endsWith("$m") || name.startsWith("mlos$"))) {
                continue;
            }
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "kind " + kind + ": method name "
                    + name + " is reserved for generated handles (names ending in $m or starting with mlos$);"
                    + " rename the method", m.getEnclosingElement().equals(kind) ? m : kind);
            free = false;
        }
        return free;
    }

    /**
     * The kernel drains a call when its method returns: a {@code @Mutates} method returning a
     * future would be drained before its work is done, and that work would land in an
     * implementation already swapped out ({@link AsyncMutators}).
     */
    private boolean mutatorsAreSynchronous(TypeElement kind) {
        boolean synchronous = true;
        for (ExecutableElement m : ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(kind))) {
            if (!AsyncMutators.mutates(m) || !AsyncMutators.async(processingEnv.getTypeUtils(), m.getReturnType())) {
                continue;
            }
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, AsyncMutators.message(kind, m),
                    m.getEnclosingElement().equals(kind) ? m : kind);
            synchronous = false;
        }
        return synchronous;
    }

    /** Whether the kind says {@code @Kind(remote = true)}. */
    private static boolean remote(TypeElement kind, TypeElement kindAnnotation) {
        for (AnnotationMirror m : kind.getAnnotationMirrors()) {
            if (m.getAnnotationType().asElement().equals(kindAnnotation)) {
                for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : m.getElementValues().entrySet()) {
                    if (e.getKey().getSimpleName().contentEquals("remote")) {
                        return Boolean.TRUE.equals(e.getValue().getValue());
                    }
                }
            }
        }
        return false;
    }

    /** The stub, dispatcher and codecs of a remote kind, or a compile error for every type that cannot travel. */
    private void generateRemote(TypeElement kind) {
        RemoteSource source = new RemoteSource(processingEnv, kind);
        List<RemoteSource.Problem> problems = source.problems();
        if (!problems.isEmpty()) {
            for (RemoteSource.Problem p : problems) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, p.message(), p.where());
            }
            return;
        }
        try {
            for (String[] file : source.sources()) {
                JavaFileObject out = processingEnv.getFiler().createSourceFile(file[0], kind);
                try (Writer w = out.openWriter()) {
                    w.write(file[1]);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "cannot generate the remote stub of kind " + kind + ": " + e.getMessage(), kind);
        }
    }

    private void generate(TypeElement kind, boolean remote) {
        HandleSource source = new HandleSource(processingEnv, kind, remote);
        try {
            JavaFileObject file = processingEnv.getFiler().createSourceFile(source.qualifiedName(), kind);
            try (Writer out = file.openWriter()) {
                out.write(source.text());
            }
        } catch (IOException | IllegalArgumentException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "cannot generate the handle of kind " + kind + ": " + e.getMessage(), kind);
        }
    }
}
