package org.mlos.bridge.http;

import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFiles;
import org.mlos.core.api.JsonWriter;

/**
 * {@code /files/<path>}: {@code GET} a file's bytes, {@code PUT} them (the body, whole),
 * {@code POST} the body at its end (a log line, say), {@code DELETE} it; {@code GET} a path ending in {@code /} (or {@code /files/}) lists that folder
 * as JSON. Paths are {@link HostFiles}' own: the host checks them.
 */
final class FileRoutes {

    private final HostFiles files;

    FileRoutes(HostFiles files) {
        this.files = files;
    }

    Reply answer(Request r) {
        boolean folder = r.path().isEmpty() || r.path().endsWith("/");
        String path = folder && !r.path().isEmpty() ? r.path().substring(0, r.path().length() - 1) : r.path();
        switch (r.method()) {
            case "GET":
                return folder ? list(path) : Reply.bytes(files.read(path));
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
                return Reply.text(405, r.method() + " is not served on /files/: GET, PUT, POST (append) or DELETE");
        }
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
