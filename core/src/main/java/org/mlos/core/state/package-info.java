/**
 * State transfer: how an implementation hands its state to the one replacing it.
 *
 * <p>As in K42, each implementation advertises the formats it can export and import, best first;
 * the kernel takes the first of the exporter's formats that the importer also accepts. Every
 * implementation of a kind can share the generic {@link org.mlos.core.state.StateFormats#ENTRIES
 * entries} format (a stream of the kind's records); two implementations that know each other can
 * add a faster direct format of their own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.mlos.core.state;
