package dev.latchkey.core.secret;

import dev.latchkey.core.config.InvalidSettingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 keys: digests are made with the current key and checked against it and every
 * previous key, so {@code latchkey.secret} can rotate without breaking challenges in flight.
 */
public final class SecretKeyRing {
    private static final String ALGORITHM = "HmacSHA256";
    /** Shortest accepted secret, in bytes of its UTF-8 form. */
    public static final int MIN_SECRET_BYTES = 32;

    private final List<Mac> prototypes;
    private final SecretBox box;

    private SecretKeyRing(List<Mac> prototypes, SecretBox box) {
        this.prototypes = List.copyOf(prototypes);
        this.box = box;
    }

    /** A ring with the current secret first, then the previous ones. Each must be at least 32 bytes. */
    public static SecretKeyRing of(String current, List<String> previous) {
        List<Mac> macs = new ArrayList<>();
        List<byte[]> materials = new ArrayList<>();
        macs.add(mac("latchkey.secret", current));
        materials.add(current.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < previous.size(); i++) {
            macs.add(mac("latchkey.previous-secrets[" + i + "]", previous.get(i)));
            materials.add(previous.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return new SecretKeyRing(macs, SecretBox.of(materials));
    }

    /** Encryption at rest under keys derived from the same secrets, current first (SPEC §2 rule 18). */
    public SecretBox box() {
        return box;
    }

    /** The digest of {@code parts} under the current key; parts are separated by a zero byte. */
    public Digest digest(String... parts) {
        return compute(prototypes.get(0), parts);
    }

    /** The digests of {@code parts} under every key, current first, for lookups by digest. */
    public List<Digest> candidates(String... parts) {
        List<Digest> result = new ArrayList<>(prototypes.size());
        for (Mac prototype : prototypes) {
            result.add(compute(prototype, parts));
        }
        return result;
    }

    /** Whether {@code stored} is the digest of {@code parts} under any key, compared in constant time. */
    public boolean verify(Digest stored, String... parts) {
        boolean match = false;
        for (Mac prototype : prototypes) {
            match |= stored.matches(compute(prototype, parts));
        }
        return match;
    }

    /** How many keys are accepted: the current one plus previous ones. */
    public int size() {
        return prototypes.size();
    }

    private static Digest compute(Mac prototype, String... parts) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned on this JVM", e);
        }
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                mac.update((byte) 0);
            }
            mac.update(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return Digest.of(mac.doFinal());
    }

    private static Mac mac(String property, String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_SECRET_BYTES) {
            throw new InvalidSettingException(property + " must be at least " + MIN_SECRET_BYTES
                    + " bytes, e.g. the output of 'openssl rand -base64 32' (was " + key.length + " bytes)");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        } catch (GeneralSecurityException e) {
            throw new InvalidSettingException(property + " cannot be used as an HMAC key");
        }
    }

    @Override
    public String toString() {
        return "SecretKeyRing[" + prototypes.size() + " keys, <masked>]";
    }
}
