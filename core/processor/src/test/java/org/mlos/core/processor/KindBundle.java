package org.mlos.core.processor;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;

import org.mlos.core.processor.bnd.KindHandleVerifier;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/** Builds the bundle of package {@code demo} from compiled classes, as bnd-maven-plugin would, with {@link KindHandleVerifier}. */
record KindBundle(Manifest manifest, List<String> errors) {

    static KindBundle of(Path classes) throws Exception {
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", "demo");
            b.setProperty("-exportcontents", "demo");
            b.setProperty("-includepackage", "demo");
            b.setProperty("-plugin.mlos", KindHandleVerifier.class.getName());
            b.addClasspath(classes.toFile());
            for (String entry : KindCompiler.classpath().split(File.pathSeparator)) {
                b.addClasspath(new File(entry)); // Kind and KindHandle and their OSGi meta-annotations
            }
            Jar jar = b.build();
            return new KindBundle(jar.getManifest(), b.getErrors());
        }
    }

    String header(String name) {
        return manifest.getMainAttributes().getValue(name);
    }
}
