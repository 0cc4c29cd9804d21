package org.mlos.net.memcached.admin;

import java.util.List;
import java.util.function.Supplier;

import org.mlos.net.memcached.Commands.Step;
import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;
import org.mlos.net.memcached.CNumbers;

/**
 * memcached's operator commands over the text protocol: {@code shutdown [graceful]}, {@code refresh_certs},
 * {@code cache_memlimit <mb> [noreply]}, {@code stats detail on|off|dump},
 * {@code stats cachedump <class> <limit>} and {@code lru_crawler ...} ({@link CrawlerCommands}),
 * {@code slabs}, {@code lru}, {@code watch} ({@link TuningCommands}), with memcached 1.6.18's
 * replies. Every other request goes to the parser this wraps.
 */
public final class OperatorCommands implements Commands {

    private static final long MB = 1 << 20;
    private static final System.Logger LOG = System.getLogger(OperatorCommands.class.getName());

    private final Commands inner;
    private final SessionControl session;
    private final Operations ops;
    private final Supplier<Operator> operator;
    private boolean innerMidRequest;
    private final TuningCommands tuning;
    private final CrawlerCommands crawler;

    public OperatorCommands(Commands inner, SessionControl session, Operations ops,
            Supplier<Operator> operator) {
        this.inner = inner;
        this.session = session;
        this.ops = ops;
        this.operator = operator;
        this.tuning = new TuningCommands(ops.tunables());
        this.crawler = new CrawlerCommands(operator, session, ops);
    }

    @Override
    public boolean busy() {
        return inner.busy();
    }

    @Override
    public boolean readingValue() {
        return inner.readingValue();
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (innerMidRequest || inner.busy() || !mayBeOperator(in)) {
            return inner(in, out);
        }
        int nl = in.indexOf((byte) '\n', Limits.LINE_MAX + 1);
        if (nl < 0) {
            return in.available() <= Limits.LINE_MAX ? Step.MORE : inner(in, out);
        }
        int length = nl > 0 && in.at(nl - 1) == '\r' ? nl - 1 : nl;
        List<String> words = in.words(length);
        if (!isOperator(words)) {
            return inner(in, out);
        }
        in.consume(nl + 1);
        return answer(words, out);
    }

    private Step inner(InputBuffer in, Output out) {
        Step step = inner.next(in, out);
        innerMidRequest = step == Step.MORE;
        return step;
    }

    private static final String[] WORDS = { "stats", "shutdown", "cache_memlimit", "lru_crawler", "slabs", "lru", "watch",
            "refresh_certs" };

    /**
     * Whether the buffered line may be one of these commands: its first word is one of theirs, or
     * has not fully arrived. Checked on the bytes, so that the common commands pay no more.
     */
    private static boolean mayBeOperator(InputBuffer in) {
        int available = in.available();
        int i = 0;
        while (i < available && in.at(i) == ' ') {
            i++;
        }
        for (String word : WORDS) {
            int n = 0;
            while (n < word.length() && i + n < available && in.at(i + n) == word.charAt(n)) {
                n++;
            }
            if (i + n == available) {
                return n > 0 || i > 0;
            }
            if (n == word.length()) {
                byte after = in.at(i + n);
                return after == ' ' || after == '\r' || after == '\n';
            }
        }
        return false;
    }

    private static boolean isOperator(List<String> words) {
        if (words.isEmpty()) {
            return false;
        }
        switch (words.get(0)) {
            case "shutdown":
            case "cache_memlimit":
            case "lru_crawler":
            case "slabs":
            case "lru":
            case "watch":
            case "refresh_certs":
                return true;
            case "stats":
                return words.size() > 1 && (words.get(1).equals("detail") || words.get(1).equals("cachedump"));
            default:
                return false;
        }
    }

    private Step answer(List<String> words, Output out) {
        switch (words.get(0)) {
            case "shutdown":
                return shutdown(words, out);
            case "cache_memlimit":
                return memlimit(words, out);
            case "refresh_certs":
                return refreshCerts(words);
            case "lru_crawler":
                return answered(crawler.crawler(words, out), out);
            case "slabs":
            case "lru":
            case "watch": {
                if (words.get(0).equals("watch") && out.size() > 0) {
                    return error(out, "ERROR cannot pipeline other commands before watch"); // as memcached, before its words
                }
                String reply = tuning.answer(words);
                return reply.equals("OK") ? ok(out) : error(out, reply);
            }
            default:
                return words.get(1).equals("detail") ? detail(words, out) : answered(crawler.cachedump(words, out), out);
        }
    }

    /** A command that answered into {@code out} itself (null), or the error line it gave. */
    private Step answered(String error, Output out) {
        return error == null ? Step.DONE : error(out, error);
    }

    private Step error(Output out, String line) {
        session.protocolError();
        out.line(line);
        return Step.DONE;
    }

    /**
     * {@code refresh_certs [noreply]}: the TLS certificate and key files read again for new
     * connections, as memcached does; {@code OK} (none with noreply), or memcached's error line,
     * which noreply does not hide, and the old ones go on serving. Off the event loop: the
     * network server waits on its event loops to swap them.
     */
    private Step refreshCerts(List<String> words) {
        boolean noreply = words.get(words.size() - 1).equals("noreply");
        return session.answerLater("refresh-certs", () -> {
            String failed = ops.tls().refresh();
            if (failed != null) {
                LOG.log(System.Logger.Level.WARNING, "refresh_certs: " + failed);
                return failed;
            }
            return noreply ? null : "OK";
        });
    }

    /** Stops the server, as memcached does on {@code shutdown} under {@code -A}: this connection closes first. */
    private Step shutdown(List<String> words, Output out) {
        Runnable stop = operator.get().shutdown();
        if (stop == null) {
            return error(out, "ERROR: shutdown not enabled");
        }
        if (words.size() == 1 || words.size() == 2 && words.get(1).equals("graceful")) {
            ops.stats().stoppedAccepting();
            Thread t = new Thread(stop, "memcached-shutdown");
            t.setDaemon(true);
            t.start();
            return Step.CLOSE;
        }
        return error(out, "CLIENT_ERROR invalid shutdown mode");
    }

    /**
     * Resizes the store live ({@link org.mlos.mem.api.KeyValueStore#resize}), with memcached's
     * replies: sizes below 8 MB are refused as too small, above 10^9 as given in bytes, and a size
     * the store cannot take (a store that cannot resize, or a budget below what it needs) gets
     * memcached's answer for a limit it could not apply; why is logged for the operator. The
     * resize runs off the event thread and is answered when done: this connection's later
     * requests wait for it, the event thread's other connections do not.
     */
    private Step memlimit(List<String> words, Output out) {
        if (words.size() != 2 && words.size() != 3) {
            return error(out, "ERROR");
        }
        boolean noreply = words.get(words.size() - 1).equals("noreply");
        Long mb = CNumbers.uint32(words.get(1));
        String reply;
        if (mb == null) {
            reply = "ERROR";
        } else if (mb < 8) {
            reply = "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m";
        } else if (mb > 1_000_000_000L) {
            reply = "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes";
        } else if (ops.store().capacityBytes() == mb * MB) {
            reply = "OK";
        } else {
            // Evicting down to a lower limit takes seconds on a full store: off the event thread.
            return session.answerLater("cache_memlimit", () -> {
                String r = resize(mb * MB) ? "OK" : "MEMLIMIT_ADJUST_FAILED out of bounds or unable to adjust";
                return noreply ? null : r;
            });
        }
        if (!noreply) {
            out.line(reply);
        }
        return Step.DONE;
    }

    private boolean resize(long bytes) {
        try {
            ops.store().resize(bytes);
            return true;
        } catch (UnsupportedOperationException | IllegalArgumentException refused) {
            LOG.log(System.Logger.Level.WARNING, "cache_memlimit " + (bytes / MB) + " refused: " + refused.getMessage());
            return false;
        }
    }

    private Step detail(List<String> words, Output out) {
        String how = words.size() < 3 ? "" : words.get(2);
        switch (how) {
            case "on":
            case "off":
                ops.prefixes().enable(how.equals("on"));
                out.line("OK");
                return Step.DONE;
            case "dump":
                ops.prefixes().dump(out);
                return Step.DONE;
            default:
                return error(out, "CLIENT_ERROR usage: stats detail on|off|dump");
        }
    }

    private static Step ok(Output out) {
        out.line("OK");
        return Step.DONE;
    }
}
