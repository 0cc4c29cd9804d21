package org.mlos.bridge.api;

/**
 * A file or folder of the host.
 *
 * @param path           relative to the root, as {@link HostFiles} takes it
 * @param size           bytes; 0 for a folder
 * @param modifiedMillis last modified, milliseconds since the epoch
 * @param folder         true for a folder
 */
public record FileInfo(String path, long size, long modifiedMillis, boolean folder) {
}
