package org.mlos.net.memcached.auth;

import java.nio.charset.StandardCharsets;

import org.mlos.net.memcached.Commands;
import org.mlos.net.memcached.InputBuffer;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * memcached's binary SASL (opcodes 0x20 list mechanisms, 0x21 auth, 0x22 step) with one mechanism,
 * PLAIN ({@code authzid \0 user \0 password}, RFC 4616), checked against the authentication file
 * ({@code -Y}), in front of the binary protocol. Answered as memcached 1.6 with {@code -S} answers
 * (proto_bin.c, with Cyrus SASL doing PLAIN): until a client has authenticated, any other request
 * but {@code VERSION} gets status 0x20 "Auth failure." and the connection is closed after it; a
 * failed auth gets the same answer and the connection stays open; auth with PLAIN and no data
 * gets 0x21 (continue) and the credentials in a step. The credentials are never stored.
 */
public final class BinarySasl extends AuthGate {

    private static final int HEADER = 24;
    private static final int REQUEST = 0x80;
    private static final int RESPONSE = 0x81;
    private static final int VERSION = 0x0b;
    private static final int LIST_MECHS = 0x20;
    private static final int AUTH = 0x21;
    private static final int STEP = 0x22;
    private static final int OK = 0x00;
    private static final int EINVAL = 0x04;
    private static final int AUTH_ERROR = 0x20;
    private static final int AUTH_CONTINUE = 0x21;
    private static final int UNKNOWN_COMMAND = 0x81;
    private static final int ENOMEM = 0x82;
    /** memcached's MAX_SASL_MECH_LEN. */
    private static final int MECH_MAX = 32;
    /** Longer than any PLAIN message a user of the file can send; more is refused unread. */
    private static final int DATA_MAX = 4096;

    /** An auth with PLAIN and no data was answered "continue": the credentials come in a step. */
    private boolean started;

    public BinarySasl(Commands inner, SessionControl session, AuthFile users) {
        super(inner, session, users);
    }

    @Override
    public Step next(InputBuffer in, Output out) {
        if (in.available() < HEADER) {
            return Step.MORE;
        }
        int opcode = in.at(1) & 0xff;
        boolean sasl = opcode == LIST_MECHS || opcode == AUTH || opcode == STEP;
        if ((in.at(0) & 0xff) != REQUEST || (authenticated() || opcode == VERSION) && !sasl) {
            return inner.next(in, out);
        }
        int keyLength = in.uint16(2);
        int extrasLength = in.at(4) & 0xff;
        long bodyLength = in.int32(8) & 0xffffffffL;
        int opaque = in.int32(12);
        if (keyLength > bodyLength || keyLength + extrasLength > bodyLength) {
            session.protocolError();
            return answer(out, opcode, opaque, UNKNOWN_COMMAND, "Unknown command", Step.CLOSE);
        }
        if (!sasl) {
            return answer(out, opcode, opaque, AUTH_ERROR, "Auth failure.", Step.CLOSE);
        }
        if (opcode == LIST_MECHS ? extrasLength != 0 || keyLength != 0 || bodyLength != 0
                : extrasLength != 0 || keyLength == 0) {
            session.protocolError();
            return answer(out, opcode, opaque, EINVAL, "Invalid arguments", Step.CLOSE);
        }
        if (opcode == LIST_MECHS) {
            in.consume(HEADER);
            return answer(out, opcode, opaque, OK, "PLAIN", Step.DONE);
        }
        long dataLength = bodyLength - keyLength;
        if (keyLength > MECH_MAX || dataLength > DATA_MAX) {
            // memcached has read the header and the key by then, answers, and drops the data as it comes
            if (in.available() < HEADER + keyLength) {
                return Step.MORE;
            }
            in.consume(HEADER + keyLength);
            session.swallow(dataLength);
            return keyLength > MECH_MAX ? answer(out, opcode, opaque, EINVAL, "Invalid arguments", Step.DONE)
                    : answer(out, opcode, opaque, ENOMEM, "Out of memory", Step.DONE);
        }
        if (in.available() < HEADER + bodyLength) {
            return Step.MORE;
        }
        String mechanism = in.text(HEADER, keyLength);
        byte[] data = in.copy(HEADER + keyLength, (int) dataLength);
        in.consume(HEADER + (int) bodyLength);
        return authenticate(out, opcode, opaque, mechanism, data);
    }

    private Step authenticate(Output out, int opcode, int opaque, String mechanism, byte[] data) {
        boolean plain = mechanism.equalsIgnoreCase("PLAIN"); // SASL mechanism names are case-insensitive
        if (opcode == STEP && !started) {
            return failed(out, opcode, opaque); // memcached: a step before any auth fails
        }
        if (opcode == AUTH) {
            started = plain;
            if (plain && data.length == 0) {
                return answer(out, opcode, opaque, AUTH_CONTINUE, "", Step.DONE);
            }
        }
        if (!plain || !accepts(data)) {
            return failed(out, opcode, opaque);
        }
        started = false;
        attempted(true);
        return answer(out, opcode, opaque, OK, "Authenticated", Step.DONE);
    }

    /** PLAIN's message: [authzid] NUL authcid NUL passwd; an authzid other than the user is not allowed. */
    private boolean accepts(byte[] message) {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0 || indexOf(message, second + 1) >= 0) {
            return false;
        }
        String authzid = new String(message, 0, first, StandardCharsets.UTF_8);
        String user = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(message, second + 1, message.length - second - 1, StandardCharsets.UTF_8);
        return (authzid.isEmpty() || authzid.equals(user)) && !user.isEmpty() && accepts(user, password);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private Step failed(Output out, int opcode, int opaque) {
        started = false;
        attempted(false);
        return answer(out, opcode, opaque, AUTH_ERROR, "Auth failure.", Step.DONE);
    }

    private static Step answer(Output out, int opcode, int opaque, int status, String body, Step then) {
        out.byte1(RESPONSE).byte1(opcode).int16(0).byte1(0).byte1(0).int16(status).int32(body.length()).int32(opaque)
                .int64(0);
        out.text(body);
        return then;
    }
}
