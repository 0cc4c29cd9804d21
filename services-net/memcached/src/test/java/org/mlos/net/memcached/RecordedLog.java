package org.mlos.net.memcached;

import java.text.MessageFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A java.util.logging handler that adds each message, formatted, to a list: for tests of what a server logs. */
public final class RecordedLog extends Handler {

    private final List<String> into;

    public RecordedLog(List<String> into) {
        this.into = into;
    }

    @Override
    public void publish(LogRecord r) {
        into.add(MessageFormat.format(r.getMessage(), r.getParameters()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
