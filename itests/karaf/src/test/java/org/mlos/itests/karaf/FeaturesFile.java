package org.mlos.itests.karaf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The features repository the build staged, read as Karaf reads it: which features it has. */
final class FeaturesFile {

    private FeaturesFile() {
    }

    /** {@code org/mlos/mlos-features/<v>/mlos-features-<v>-features.xml} in the staged repository. */
    static Path staged(Path repository, String version) {
        Path file = repository.resolve("org/mlos/mlos-features/" + version + "/mlos-features-" + version + "-features.xml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no features repository staged at " + file + ": run the build's pre-integration-test phase");
        }
        return file;
    }

    /** Every feature's name, in file order, and whether it carries an osgi.ee requirement (the Java 24 ones). */
    static Map<String, Boolean> java24ByName(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        NodeList features = f.newDocumentBuilder().parse(file.toFile()).getDocumentElement().getElementsByTagNameNS("*", "feature");
        Map<String, Boolean> byName = new LinkedHashMap<>();
        for (int i = 0; i < features.getLength(); i++) {
            Element feature = (Element) features.item(i);
            if (!feature.hasAttribute("name")) {
                continue; // a dependency on another feature (<feature version=...>name</feature>)
            }
            boolean java24 = false;
            NodeList requirements = feature.getElementsByTagNameNS("*", "requirement");
            for (int j = 0; j < requirements.getLength(); j++) {
                java24 |= requirements.item(j).getTextContent().contains("osgi.ee");
            }
            byName.put(feature.getAttribute("name"), java24);
        }
        return byName;
    }
}
