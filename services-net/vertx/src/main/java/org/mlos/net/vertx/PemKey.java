package org.mlos.net.vertx;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unencrypted private key read from PEM in the three forms OpenSSL writes and memcached
 * takes: PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519, the kinds both of the node's
 * TLS engines sign with; BoringSSL has no Ed448, RSASSA-PSS or DSA keys), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}, what
 * {@code openssl ecparam -genkey} writes). The JDK reads only PKCS#8, so the other two are wrapped
 * into it: their DER is PKCS#8's inner key, plus the algorithm (and for EC the curve, which SEC1
 * names inside). Vert.x reads these too, but only into a PKCS#12 key store, which encrypts the key
 * with 10,000 PBKDF2 rounds and decrypts it again: half of a {@code refresh_certs}.
 */
final class PemKey {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ((?:RSA |EC )?)PRIVATE KEY-----([A-Za-z0-9+/=\\s]*?)-----END \\1PRIVATE KEY-----");

    private static final byte SEQUENCE = 0x30;
    private static final byte INTEGER = 0x02;
    private static final byte OCTET_STRING = 0x04;
    private static final byte OID = 0x06;
    private static final byte NULL = 0x05;
    /** SEC1's {@code parameters [0]}: the named curve. */
    private static final byte SEC1_PARAMETERS = (byte) 0xA0;

    private static final byte[] RSA = oid("2a864886f70d010101");
    private static final byte[] RSA_PSS = oid("2a864886f70d01010a");
    private static final byte[] EC = oid("2a8648ce3d0201");
    private static final byte[] ED25519 = oid("2b6570");
    private static final byte[] ED448 = oid("2b6571");
    private static final byte[] DSA = oid("2a8648ce380401");

    private PemKey() {
    }

    /**
     * The first private key in {@code pem}; throws {@link IllegalArgumentException} saying why
     * there is none that the JDK can use.
     */
    static PrivateKey read(String pem) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("no PEM private key in it (-----BEGIN PRIVATE KEY-----,"
                    + " or BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key's PEM block is not base64: " + e.getMessage(), e);
        }
        byte[] pkcs8 = switch (m.group(1)) {
            case "RSA " -> pkcs8(tlv(SEQUENCE, RSA, new byte[] { NULL, 0 }), der);
            case "EC " -> pkcs8(tlv(SEQUENCE, EC, curve(der)), der);
            default -> der;
        };
        String algorithm = algorithm(pkcs8);
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /** The key's algorithm as the JDK's {@link KeyFactory} names it, from PKCS#8's algorithm identifier. */
    private static String algorithm(byte[] pkcs8) {
        Der outer = Der.at(pkcs8, 0, SEQUENCE, "a PKCS#8 key");
        Der version = Der.at(pkcs8, outer.contentStart, INTEGER, "PKCS#8's version");
        Der identifier = Der.at(pkcs8, version.end, SEQUENCE, "PKCS#8's algorithm");
        Der oid = Der.at(pkcs8, identifier.contentStart, OID, "PKCS#8's algorithm");
        byte[] tlv = Arrays.copyOfRange(pkcs8, oid.start, oid.end);
        if (Arrays.equals(tlv, RSA)) {
            return "RSA";
        } else if (Arrays.equals(tlv, EC)) {
            return "EC";
        } else if (Arrays.equals(tlv, ED25519)) {
            return "Ed25519";
        }
        String kind = Arrays.equals(tlv, ED448) ? "an Ed448 key"
                : Arrays.equals(tlv, RSA_PSS) ? "an RSASSA-PSS key"
                : Arrays.equals(tlv, DSA) ? "a DSA key"
                : "a key of object identifier " + HexFormat.of().formatHex(tlv, 2, tlv.length);
        throw new IllegalArgumentException(kind + ", which the node's TLS does not serve with (BoringSSL signs"
                + " with RSA, EC and Ed25519 keys only); give an RSA, EC or Ed25519 key");
    }

    /** The named curve of a SEC1 key: its {@code parameters [0]} holds the curve's object identifier. */
    private static byte[] curve(byte[] sec1) {
        Der outer = Der.at(sec1, 0, SEQUENCE, "a SEC1 EC key");
        Der version = Der.at(sec1, outer.contentStart, INTEGER, "SEC1's version");
        Der key = Der.at(sec1, version.end, OCTET_STRING, "SEC1's private key");
        if (key.end >= outer.end || sec1[key.end] != SEC1_PARAMETERS) {
            throw new IllegalArgumentException("the EC key names no curve (write it with"
                    + " openssl pkey -in <file> -out <new file>, which does)");
        }
        Der parameters = Der.at(sec1, key.end, SEC1_PARAMETERS, "SEC1's curve");
        Der oid = Der.at(sec1, parameters.contentStart, OID, "SEC1's named curve (explicit curve parameters are not taken)");
        return Arrays.copyOfRange(sec1, oid.start, oid.end);
    }

    /** PKCS#8's PrivateKeyInfo: version 0, the algorithm identifier, the inner key as an octet string. */
    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] innerKey) {
        return tlv(SEQUENCE, new byte[] { INTEGER, 1, 0 }, algorithmIdentifier, tlv(OCTET_STRING, innerKey));
    }

    private static byte[] tlv(byte tag, byte[]... contents) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] c : contents) {
            content.writeBytes(c);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.size();
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] oid(String hex) {
        byte[] body = HexFormat.of().parseHex(hex);
        return tlv(OID, body);
    }

    /** One DER element: where it starts, where its content starts, where it ends. */
    private record Der(int start, int contentStart, int end) {

        static Der at(byte[] der, int at, byte tag, String what) {
            if (at + 2 > der.length || der[at] != tag) {
                throw new IllegalArgumentException("not " + what + " where DER should hold it (byte " + at + ")");
            }
            int first = der[at + 1] & 0xff;
            int length;
            int content;
            if (first < 0x80) {
                length = first;
                content = at + 2;
            } else {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || at + 2 + bytes > der.length) {
                    throw new IllegalArgumentException("a DER length that will not do in " + what);
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[at + 2 + i] & 0xff);
                }
                content = at + 2 + bytes;
            }
            if (content + length > der.length) {
                throw new IllegalArgumentException(what + " runs past the end of the key's DER");
            }
            return new Der(at, content, content + length);
        }
    }
}
