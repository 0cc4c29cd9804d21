package org.mlos.bridge.api;

import java.util.List;
import java.util.Optional;

import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/**
 * The files of a full host, under one root folder its operator chose: a library-OS node has no
 * file system of its own worth the name and offloads to the host (the paper's full node).
 *
 * <p>A path is relative to the root, its parts separated by {@code /}: no leading {@code /}, no
 * {@code .} or {@code ..} part, no empty part, no NUL. A path that would lead out of the root, by
 * its parts or by a symbolic link on the host, is refused with a {@link HostFileException}, as is
 * every other failure (missing file, a folder where a file is wanted, a file over the host's size
 * limit); the exception's message says which path and why, and travels to a remote caller as it is.
 *
 * <p>Stateless as a kind: the files are the host's, not the implementation's; a swap moves none.
 */
@Kind(stateless = true, remote = true)
public interface HostFiles {

    /**
     * The whole file.
     *
     * @throws HostFileNotFoundException if nothing is at the path
     * @throws HostFileException if the path is refused, names a folder, or the file is larger
     *                           than the host's limit (read it in parts: {@link #readRange})
     */
    byte[] read(String path);

    /**
     * Up to {@code length} bytes of the file from {@code offset}: fewer at its end, none past it,
     * and at most the host's limit (a longer part is cut: read on from where it ended). A file of
     * any size can be read this way, in parts ({@link #stat} tells its size).
     *
     * @throws HostFileNotFoundException if nothing is at the path
     * @throws HostFileException if the path is refused or names a folder, or {@code offset} or
     *                           {@code length} is negative
     */
    byte[] readRange(String path, long offset, int length);

    /**
     * Replaces the file with {@code data}, whole: a reader sees the old bytes or the new ones,
     * never a mix (the bytes go to a new file that is then moved over the old one). Missing folders
     * on the way are made.
     *
     * @throws HostFileException if the path is refused, names a folder, or {@code data} is larger
     *                           than the host's limit
     */
    @Mutates
    void write(String path, byte[] data);

    /**
     * Adds {@code data} at the end of the file, made if missing (with its folders): a node's log
     * kept on the host, say. Appends from any number of callers never interleave: each lands
     * whole, one after another.
     *
     * @throws HostFileException if the path is refused, names a folder, or {@code data} is larger
     *                           than the host's limit
     * @since 1.0
     */
    @Mutates
    void append(String path, byte[] data);

    /**
     * Deletes a file, or a folder that is empty.
     *
     * @return false if there was nothing at the path
     * @throws HostFileException if the path is refused or names a folder that is not empty
     */
    @Mutates
    boolean delete(String path);

    /**
     * What a folder holds, sorted by name; {@code ""} is the root.
     *
     * @throws HostFileNotFoundException if nothing is at the path
     * @throws HostFileException if the path is refused or names a file
     */
    List<FileInfo> list(String folder);

    /**
     * What is at the path, if anything.
     *
     * @throws HostFileException if the path is refused
     */
    Optional<FileInfo> stat(String path);
}
