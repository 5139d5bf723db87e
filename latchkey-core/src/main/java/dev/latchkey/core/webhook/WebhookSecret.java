package dev.latchkey.core.webhook;

import dev.latchkey.core.config.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The signing key of one webhook, written the Standard Webhooks way: {@code whsec_} and the key's
 * bytes in base64. The HMAC key is the decoded bytes, not the text. The key leaves only as
 * signatures; {@link #toString()} shows nothing of it.
 */
public final class WebhookSecret {
    private static final String PREFIX = "whsec_";
    private static final String EXAMPLE = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    /** Standard Webhooks asks for keys of 24 to 64 bytes. */
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Reads {@code whsec_<base64>}, or fails naming {@code property}, the problem and an example; the
     * message never quotes the value.
     */
    public static WebhookSecret parse(String property, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(property + " is required, e.g. " + EXAMPLE);
        }
        String text = value.strip();
        if (!text.startsWith(PREFIX)) {
            throw new InvalidSettingException(property + " must be whsec_ followed by the key in base64, e.g. "
                    + EXAMPLE + " (was <masked>)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(property + " must be whsec_ followed by the key in base64, e.g. "
                    + EXAMPLE + " (was <masked>, which is not base64)");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new InvalidSettingException(property + " must hold a key of " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes, e.g. " + EXAMPLE + " (was <masked>, of " + key.length + " bytes)");
        }
        return new WebhookSecret(key);
    }

    /**
     * The {@code webhook-signature} header for one call: {@code v1,} and the base64 HMAC-SHA256 of
     * {@code id + "." + timestamp + "." + body}.
     */
    public String sign(String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
