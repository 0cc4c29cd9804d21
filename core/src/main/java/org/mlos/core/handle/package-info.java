/**
 * Support for generated handles. The kind processor generates, for each {@code @Kind}
 * interface, a final class extending {@link org.mlos.core.handle.HandleSupport}; the kernel
 * drives it through its {@link org.mlos.core.handle.Gate}. Clients never use this package
 * directly: they call the kind's interface.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.4.0")
package org.mlos.core.handle;
