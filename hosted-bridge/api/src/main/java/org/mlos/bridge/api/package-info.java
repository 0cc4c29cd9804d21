/**
 * What a full Linux host offers the library-OS nodes of its cluster: its files
 * ({@link org.mlos.bridge.api.HostFiles}) and the commands its operator allows
 * ({@link org.mlos.bridge.api.HostCommands}), as kinds. A node that carries this package and the
 * remote kinds bundle calls them on the full node ({@code mlos.kind.HostFiles=disk@full}) through
 * the handle it already holds; the implementations are in bundle {@code org.mlos.bridge}, the HTTP
 * front for legacy clients in {@code org.mlos.bridge.http}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mlos.bridge.api;
