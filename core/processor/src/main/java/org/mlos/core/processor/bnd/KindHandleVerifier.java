package org.mlos.core.processor.bnd;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.verifier.VerifierPlugin;

/**
 * Fails the bundle's build when a kind has no handle. Every {@code @Kind} makes its bundle require
 * {@code mlos.handle=<kind>}, and only the handle the kind processor writes provides it; when javac
 * did not run the processor (javac 23+ without {@code -proc:full} or a processor path), the build
 * used to succeed and the bundle failed to resolve in the framework. Javac gives no sign then, so the
 * check happens at the first step that sees the bundle whole: bnd, when it writes the manifest.
 *
 * <p>Enable it with {@code -plugin.mlos: org.mlos.core.processor.bnd.KindHandleVerifier} and this
 * jar on bnd's class path (for bnd-maven-plugin: a dependency of the plugin); see
 * docs/embedding.md.
 */
public final class KindHandleVerifier implements VerifierPlugin {

    static final String NAMESPACE = "mlos.handle";
    private static final Pattern KIND = Pattern.compile("\\(" + Pattern.quote(NAMESPACE) + "=([^)]+)\\)");

    @Override
    public void verify(Analyzer analyzer) throws Exception {
        Set<String> provided = new TreeSet<>();
        for (Map.Entry<String, Attrs> e : capabilities(analyzer, Constants.PROVIDE_CAPABILITY)) {
            if (NAMESPACE.equals(Processor.removeDuplicateMarker(e.getKey()))) {
                String kind = e.getValue().get(NAMESPACE);
                if (kind != null) {
                    provided.add(kind);
                }
            }
        }
        for (Map.Entry<String, Attrs> e : capabilities(analyzer, Constants.REQUIRE_CAPABILITY)) {
            if (!NAMESPACE.equals(Processor.removeDuplicateMarker(e.getKey()))) {
                continue;
            }
            Matcher m = KIND.matcher(String.valueOf(e.getValue().get(Constants.FILTER_DIRECTIVE)));
            if (m.find() && !provided.contains(m.group(1))) {
                analyzer.error("kind %s has no handle (%s$MlosHandle): the kind processor did not run when it was "
                        + "compiled. Put org.mlos:mlos-core-processor on the annotation processor path "
                        + "(maven-compiler-plugin <annotationProcessorPaths>), or keep it a provided dependency and "
                        + "compile with -proc:full (<proc>full</proc>), which javac 23 and newer need to run "
                        + "processors found on the class path", m.group(1), m.group(1));
            }
        }
    }

    private static Set<Map.Entry<String, Attrs>> capabilities(Analyzer analyzer, String header) throws Exception {
        String value = analyzer.getJar().getManifest().getMainAttributes().getValue(header);
        return new Parameters(value, analyzer, true).entrySet();
    }
}
