/**
 * Network services: the {@link org.mlos.net.api.NetworkServer} kind, which accepts connections and
 * hands their bytes to a protocol's sessions. Protocols (memcached first) need nothing of the
 * transport beyond this package.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package org.mlos.net.api;
