/**
 * Reading a node's settings in one way everywhere: a component's configuration first, else the
 * framework property, else the default, with an error that names the setting, where its value
 * came from, what was wrong and what is allowed. Also the names of the node-wide properties.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package org.mlos.core.settings;
