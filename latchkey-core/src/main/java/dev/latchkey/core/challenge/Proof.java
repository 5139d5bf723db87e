package dev.latchkey.core.challenge;

import dev.latchkey.core.secret.BindingSecret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What accompanies a link token or code when it is redeemed.
 *
 * @param binding the browser's binding secret from its cookie, or null
 * @param codeVerifier the PKCE verifier, or null
 * @param requester where the redemption comes from
 */
public record Proof(@Nullable BindingSecret binding, @Nullable String codeVerifier, RequesterContext requester) {

    public Proof {
        Objects.requireNonNull(requester, "requester");
    }

    /** A redemption with no binding cookie and no PKCE verifier. */
    public static Proof from(RequesterContext requester) {
        return new Proof(null, null, requester);
    }

    public Proof withBinding(@Nullable BindingSecret value) {
        return new Proof(value, codeVerifier, requester);
    }

    public Proof withCodeVerifier(@Nullable String value) {
        return new Proof(binding, value, requester);
    }
}
