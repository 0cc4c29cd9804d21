/**
 * The swap kernel's public contract: how an interface becomes a swappable service kind, the
 * {@link org.mlos.core.api.Kernel} service, and the records it reports.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.12.0")
package org.mlos.core.api;
