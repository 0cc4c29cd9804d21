package org.mlos.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 private key a rollout is signed with, as {@code mlos rollout --key} takes it: PKCS#8
 * as PEM ({@code -----BEGIN PRIVATE KEY-----}, what {@code openssl genpkey -algorithm ed25519}
 * writes), as DER, or as base64 on one line (the {@code rollout.key} {@code mlos cluster up}
 * makes). Only the last was read: an openssl key failed on "Illegal base64 character 2d", the
 * first dash of its PEM header, which said nothing of what the option takes.
 */
final class RolloutKeyFile {

    /** What {@code --key} takes, for the refusals. */
    static final String ACCEPTED = "--key takes an Ed25519 private key in PKCS#8: PEM (-----BEGIN PRIVATE KEY-----,"
            + " as openssl genpkey -algorithm ed25519 -out key.pem writes it), DER, or its base64 on one line"
            + " (the rollout.key 'mlos cluster up' makes)";

    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PKCS8_PEM = "PRIVATE KEY";
    /** DER opens with a SEQUENCE tag; no base64 or PEM text does. */
    private static final byte DER_SEQUENCE = 0x30;

    private RolloutKeyFile() {
    }

    /** The key in {@code file}; an IOException naming the file, what is wrong and {@link #ACCEPTED} otherwise. */
    static PrivateKey read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] der;
        if (bytes.length > 0 && bytes[0] == DER_SEQUENCE) {
            der = bytes;
        } else {
            String text = new String(bytes, StandardCharsets.US_ASCII).strip();
            der = text.contains(PEM_BEGIN) ? pem(file, text) : base64(file, text);
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw refused(file, "it holds no Ed25519 private key (another algorithm, or damaged: " + e.getMessage() + ")");
        }
    }

    /** The DER of the one PKCS#8 block in {@code text}; refused for any other PEM (encrypted, OpenSSH, a public key). */
    private static byte[] pem(Path file, String text) throws IOException {
        int begin = text.indexOf(PEM_BEGIN);
        int labelEnd = text.indexOf("-----", begin + PEM_BEGIN.length());
        String label = labelEnd < 0 ? "" : text.substring(begin + PEM_BEGIN.length(), labelEnd);
        if (!label.equals(PKCS8_PEM)) {
            String what = switch (label) {
                case "ENCRYPTED PRIVATE KEY" -> "an encrypted key; write it unencrypted first: openssl pkey -in "
                        + file.getFileName() + " -out plain.pem";
                case "OPENSSH PRIVATE KEY" -> "an OpenSSH key, which is no PKCS#8; make one with openssl genpkey"
                        + " -algorithm ed25519 -out key.pem";
                default -> "a PEM '" + label + "', not '" + PKCS8_PEM + "'";
            };
            throw refused(file, "it is " + what);
        }
        String end = "-----END " + PKCS8_PEM + "-----";
        int bodyAt = labelEnd + "-----".length();
        int endAt = text.indexOf(end, bodyAt);
        if (endAt < 0) {
            throw refused(file, "its PEM block has no '" + end + "' line");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(bodyAt, endAt));
        } catch (IllegalArgumentException e) {
            throw refused(file, "its PEM block is not base64 (" + e.getMessage() + ")");
        }
    }

    private static byte[] base64(Path file, String text) throws IOException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw refused(file, "it is neither PEM nor base64 (" + e.getMessage() + ")");
        }
    }

    private static IOException refused(Path file, String why) {
        return new IOException("cannot sign with " + file + ": " + why + "; " + ACCEPTED);
    }
}
