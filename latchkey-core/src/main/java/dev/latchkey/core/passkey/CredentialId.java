package dev.latchkey.core.passkey;

import java.util.Base64;
import java.util.Objects;

/**
 * The id an authenticator gave a credential, as unpadded base64url (the form WebAuthn's JSON uses).
 * It names a credential; it proves nothing, so it may be stored and shown as it is.
 */
public record CredentialId(String value) {

    public CredentialId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 1366) {
            throw new IllegalArgumentException("a credential id has 1 to 1023 bytes");
        }
        Base64.getUrlDecoder().decode(value);
    }

    public static CredentialId of(byte[] bytes) {
        return new CredentialId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public byte[] bytes() {
        return Base64.getUrlDecoder().decode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
