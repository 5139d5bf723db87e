package dev.latchkey.core.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a webhook call, written after the Standard Webhooks reference libraries'
 * {@code Webhook.verify} and kept apart from Latchkey's signing code so one cannot hide the other's
 * mistake: the three headers must be present, the timestamp within five minutes of {@code now}, and
 * one of the space-separated {@code v1,} signatures must equal, compared in constant time, the base64
 * HMAC-SHA256 of {@code id.timestamp.body} keyed with the secret's base64-decoded bytes.
 */
public final class StandardWebhooks {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private StandardWebhooks() {
    }

    /** Whether the call verifies; {@code headers} have lower-case names. */
    public static boolean verifies(String secret, Map<String, String> headers, String body, Instant now) {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        Instant sentAt;
        try {
            sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            return false;
        }
        if (sentAt.isBefore(now.minus(TOLERANCE)) || sentAt.isAfter(now.plus(TOLERANCE))) {
            return false;
        }
        byte[] expected = Base64.getEncoder().encode(hmac(secret, id + "." + timestamp + "." + body));
        for (String versioned : signatures.split(" ")) {
            String[] parts = versioned.split(",", 2);
            if (parts.length == 2 && parts[0].equals("v1")
                    && MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.UTF_8), expected)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String content) {
        String base64 = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
