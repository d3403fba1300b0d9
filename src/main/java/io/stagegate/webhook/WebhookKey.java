package io.stagegate.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts subscription secrets at rest with AES-256-GCM under a key that is never stored in the database: {@code
 * stagegate.webhooks.encryption-key} (at least 32 characters; the AES key is its SHA-256) or else a key file, created
 * with 32 random bytes on first start. The subscription id is the associated data, so a ciphertext copied to another
 * row does not decrypt.
 */
final class WebhookKey {

    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private WebhookKey(byte[] material) {
        this.key = new SecretKeySpec(material, "AES");
    }

    static WebhookKey from(WebhookProperties properties) {
        return from(properties.encryptionKey(), Path.of(properties.keyFile()));
    }

    static WebhookKey from(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < 32) {
                throw new IllegalStateException("stagegate.webhooks.encryption-key must have at least 32 characters");
            }
            return new WebhookKey(sha256(configured.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            if (Files.exists(keyFile)) {
                byte[] material =
                        HexFormat.of().parseHex(Files.readString(keyFile).strip());
                if (material.length != 32) {
                    throw new IllegalStateException("The webhook key file " + keyFile + " must hold 32 bytes in hex");
                }
                return new WebhookKey(material);
            }
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            if (keyFile.getParent() != null) {
                Files.createDirectories(keyFile.getParent());
            }
            Files.writeString(keyFile, HexFormat.of().formatHex(generated));
            return new WebhookKey(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the webhook key file " + keyFile, e);
        }
    }

    /** {@code v1:} and the Base64 of IV and ciphertext with its tag. */
    String encrypt(String plaintext, String subscriptionId) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return VERSION
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret; fails if the ciphertext was altered, belongs to another subscription or another key. */
    String decrypt(String stored, String subscriptionId) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("Unknown secret format of subscription " + subscriptionId);
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The secret of subscription " + subscriptionId + " does not decrypt with the configured key");
        }
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
