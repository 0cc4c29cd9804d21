package org.mlos.bridge.http;

import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFileNotFoundException;
import org.mlos.bridge.api.HostFiles;
import org.mlos.core.api.JsonWriter;

/**
 * {@code /files/<path>}: {@code GET} a file's bytes (a part of them with a {@code Range} header),
 * {@code HEAD} its size, {@code PUT} them (the body, whole), {@code POST} the body at its end (a
 * log line, say), {@code DELETE} it; {@code GET} a path ending in {@code /} (or {@code /files/}) lists that folder
 * as JSON. Paths are {@link HostFiles}' own: the host checks them.
 */
final class FileRoutes {

    private final HostFiles files;
    private final int partMax;

    /** {@code partMax}: the most bytes a ranged read answers with; a longer range gets its first {@code partMax}. */
    FileRoutes(HostFiles files, int partMax) {
        this.files = files;
        this.partMax = partMax;
    }

    Reply answer(Request r) {
        boolean folder = r.path().isEmpty() || r.path().endsWith("/");
        String path = folder && !r.path().isEmpty() ? r.path().substring(0, r.path().length() - 1) : r.path();
        switch (r.method()) {
            case "GET":
                if (folder) {
                    return list(path);
                }
                ByteRange range = ByteRange.parse(r.range());
                return range == null ? Reply.bytes(files.read(path)).with("Accept-Ranges", "bytes") : part(path, range);
            case "HEAD":
                return folder ? Reply.text(405, "HEAD is for a file: list a folder with GET").with("Allow", "GET") : head(path);
            case "PUT":
                if (folder) {
                    return Reply.text(400, "PUT wants a file's path, not a folder's (no / at its end)");
                }
                files.write(path, r.body());
                return Reply.none();
            case "POST":
                if (folder) {
                    return Reply.text(400, "POST appends to a file: give its path, not a folder's (no / at its end)");
                }
                files.append(path, r.body());
                return Reply.none();
            case "DELETE":
                return files.delete(path) ? Reply.none() : Reply.text(404, "nothing at '" + path + "'");
            default:
                return Reply.text(405, r.method() + " is not served on /files/: GET, HEAD, PUT, POST (append) or DELETE")
                        .with("Allow", "GET, HEAD, PUT, POST, DELETE");
        }
    }

    /** A file's size and that it may be read in parts, without its bytes. */
    private Reply head(String path) {
        FileInfo info = files.stat(path).orElseThrow(() -> new HostFileNotFoundException("no file at '" + path + "'"));
        if (info.folder()) {
            return Reply.text(400, "'" + path + "' is a folder: list it with GET and a / at its end");
        }
        return new Reply(200, "application/octet-stream", new byte[0]).with("Content-Length", Long.toString(info.size()))
                .with("Accept-Ranges", "bytes");
    }

    /** 206 and the part of the file the range names, or 416 where the file holds none of it. */
    private Reply part(String path, ByteRange range) {
        FileInfo info = files.stat(path).orElseThrow(() -> new HostFileNotFoundException("no file at '" + path + "'"));
        if (info.folder()) {
            return Reply.text(400, "'" + path + "' is a folder: list it with a / at its end");
        }
        long size = info.size();
        long start = range.start(size);
        long end = range.end(size);
        byte[] bytes = start >= end ? new byte[0] : files.readRange(path, start, (int) Math.min(end - start, partMax));
        if (bytes.length == 0) {
            return Reply.text(416, "the range is past the file's end: '" + path + "' holds " + size + " bytes")
                    .with("Content-Range", "bytes */" + size);
        }
        return new Reply(206, "application/octet-stream", bytes)
                .with("Content-Range", "bytes " + start + "-" + (start + bytes.length - 1) + "/" + size)
                .with("Accept-Ranges", "bytes");
    }

    private Reply list(String folder) {
        JsonWriter w = new JsonWriter().object().field("folder", folder).name("entries").array();
        for (FileInfo f : files.list(folder)) {
            w.object().field("path", f.path()).field("size", f.size()).field("modifiedMillis", f.modifiedMillis())
                    .field("folder", f.folder()).end();
        }
        return Reply.json(w.end().end().toString());
    }
}
