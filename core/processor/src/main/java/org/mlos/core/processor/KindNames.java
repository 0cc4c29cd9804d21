package org.mlos.core.processor;

import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The names of one kind and of the classes generated for it. A kind is named by its binary name
 * ({@code demo.Outer$Tricky} for an interface nested in {@code Outer}) everywhere but in Java
 * source: that is the name {@code Class.getName()} gives the kernel, which looks the handle up as
 * {@code kind.getName() + "$MlosHandle"}, and the name bnd's {@code ${@class}} puts in the
 * requirement {@code @Kind} makes. A handle that provided the canonical name
 * ({@code demo.Outer.Tricky}) left the bundle of a nested kind unresolvable. Generated classes are
 * top-level classes of the kind's package named after its binary name, so they are found the same way.
 */
final class KindNames {

    private final String packageName;
    private final String local;
    private final String binary;
    private final String canonical;

    KindNames(Elements elements, TypeElement kind) {
        PackageElement pkg = elements.getPackageOf(kind);
        this.packageName = pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString();
        this.binary = elements.getBinaryName(kind).toString();
        this.local = packageName.isEmpty() ? binary : binary.substring(packageName.length() + 1);
        this.canonical = kind.getQualifiedName().toString();
    }

    /** The kind's package, empty for the unnamed package. */
    String packageName() {
        return packageName;
    }

    /** The name the runtime and the {@code mlos.handle} capability know the kind by. */
    String binary() {
        return binary;
    }

    /** The name Java source refers to the kind by. */
    String canonical() {
        return canonical;
    }

    /**
     * The kind's binary name within its package ({@code Outer$Tricky}): the simple names of its
     * generated classes are this and a suffix ({@code Outer$Tricky$MlosHandle}).
     */
    String local() {
        return local;
    }

    /** The qualified name of the class generated for the kind with this suffix. */
    String generated(String suffix) {
        return packageName.isEmpty() ? local + suffix : packageName + "." + local + suffix;
    }

    /** The package declaration of a generated source, empty in the unnamed package. */
    String packageDeclaration() {
        return packageName.isEmpty() ? "" : "package " + packageName + ";\n\n";
    }
}
