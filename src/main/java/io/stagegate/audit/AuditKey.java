package io.stagegate.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/** The chain's HMAC key, never stored in the database. */
@Component
class AuditKey {

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    AuditKey(AuditProperties properties) {
        this.key = new SecretKeySpec(material(properties), ALGORITHM);
    }

    String sign(String canonical) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] material(AuditProperties properties) {
        if (properties.hmacKey() != null && !properties.hmacKey().isBlank()) {
            if (properties.hmacKey().length() < 32) {
                throw new IllegalStateException("stagegate.audit.hmac-key must have at least 32 characters");
            }
            return properties.hmacKey().getBytes(StandardCharsets.UTF_8);
        }
        Path file = Path.of(properties.keyFile());
        try {
            if (Files.exists(file)) {
                return HexFormat.of().parseHex(Files.readString(file).strip());
            }
            byte[] generated = new byte[32];
            new SecureRandom().nextBytes(generated);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, HexFormat.of().formatHex(generated));
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the audit key file " + file, e);
        }
    }
}
