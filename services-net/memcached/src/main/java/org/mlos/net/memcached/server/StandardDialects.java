package org.mlos.net.memcached.server;

import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.Dialects;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.SessionControl;
import org.mlos.net.memcached.admin.ItemSource;
import org.mlos.net.memcached.admin.ExpiryCrawler;
import org.mlos.net.memcached.admin.Operator;
import org.mlos.net.memcached.admin.OperatorCommands;
import org.mlos.net.memcached.auth.AuthFile;
import org.mlos.net.memcached.auth.AuthenticatedText;
import org.mlos.net.memcached.auth.BinarySasl;
import org.mlos.net.memcached.binary.BinaryCommands;
import org.mlos.net.memcached.meta.ItemMarks;
import org.mlos.net.memcached.meta.MetaCommands;
import org.mlos.net.memcached.text.TextCommands;

/**
 * memcached 1.6's dialects: binary; and text, with the meta commands and the operator commands
 * answered on the same connection, each a parser wrapped around the next. Holds what the meta
 * and operator commands share across connections. With an authentication file (memcached's
 * {@code -Y}), every connection must authenticate first: text ones with memcached's authenticating
 * {@code set}, binary ones with SASL PLAIN.
 */
public final class StandardDialects implements Dialects {

    /** Made with the first text connection, over that server's operations (whose reads mark items fetched). */
    private volatile ItemMarks marks;
    private final AuthFile users;
    private volatile Operator operator = Operator.DEFAULT;

    /** Without authentication. */
    public StandardDialects() {
        this(null);
    }

    /** @param users the accepted credentials, or null: no authentication */
    public StandardDialects(AuthFile users) {
        this.users = users;
    }

    @Override
    public Commands binary(SessionControl session, Operations ops) {
        Commands binary = new BinaryCommands(session, ops);
        return users == null ? binary : new BinarySasl(binary, session, users);
    }

    @Override
    public Commands text(SessionControl session, Operations ops) {
        Commands meta = new MetaCommands(new TextCommands(session, ops), session, ops, marks(ops));
        Commands text = new OperatorCommands(meta, session, ops, this::operator);
        return users == null ? text : new AuthenticatedText(text, session, users);
    }

    /**
     * Enables {@code shutdown} (memcached's {@code -A}): the command closes its connection and
     * runs {@code stop}, which should stop the server. Off unless called.
     */
    public void enableShutdown(Runnable stop) {
        operator = operator.withShutdown(stop);
    }

    /** Where key dumps ({@code stats cachedump}, {@code lru_crawler metadump}) find items; none unless set. */
    public void itemSource(ItemSource items) {
        operator = operator.withItems(items);
    }

    /** The expiry crawler {@code lru_crawler crawl|enable|disable} drive; none unless set. */
    public void crawler(ExpiryCrawler crawler) {
        operator = operator.withCrawler(crawler);
    }

    @Override
    public boolean shutdownEnabled() {
        return operator.shutdown() != null;
    }

    @Override
    public boolean authentication() {
        return users != null;
    }

    /** The meta marks shared by every connection; one server's: a StandardDialects serves one protocol. */
    private ItemMarks marks(Operations ops) {
        ItemMarks m = marks;
        if (m == null) {
            synchronized (this) {
                m = marks;
                if (m == null) {
                    marks = m = new ItemMarks(ops);
                }
            }
        }
        return m;
    }

    private Operator operator() {
        return operator;
    }
}
