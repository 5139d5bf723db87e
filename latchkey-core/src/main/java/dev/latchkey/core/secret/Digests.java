package dev.latchkey.core.secret;

import java.util.List;
import java.util.Objects;

/**
 * The one place that knows which parts go into each HMAC (SPEC §2 rule 2): a link is
 * {@code purpose ‖ token}, a code is {@code purpose ‖ request id ‖ code}, a browser binding is
 * {@code "binding" ‖ secret}, a refresh token is {@code "refresh" ‖ token}, a passkey ceremony id
 * is {@code "ceremony" ‖ id} and a throttle key is {@code "throttle" ‖ value}. Every caller digests
 * and checks secrets through here, so the writer and the reader of a digest cannot drift apart.
 */
public final class Digests {
    private static final String BINDING = "binding";
    private static final String REFRESH = "refresh";
    private static final String THROTTLE = "throttle";
    private static final String CEREMONY = "ceremony";

    private final SecretKeyRing keys;

    public Digests(SecretKeyRing keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The digest of a link token of a challenge for {@code purpose} (its key, e.g. {@code login}). */
    public Digest link(String purpose, LinkToken token) {
        return keys.digest(purpose, token.reveal());
    }

    /** The digests a typed or clicked link token may have been stored under, current key first. */
    public List<Digest> linkCandidates(String purpose, String token) {
        return keys.candidates(purpose, token);
    }

    /** The digest of the code of the challenge {@code requestId} for {@code purpose}. */
    public Digest code(String purpose, String requestId, Code code) {
        return keys.digest(purpose, requestId, code.reveal());
    }

    /** Whether {@code stored} is the digest of this code for the challenge {@code requestId}. */
    public boolean codeMatches(Digest stored, String purpose, String requestId, Code code) {
        return keys.verify(stored, purpose, requestId, code.reveal());
    }

    /** The digest of the browser binding secret a request set. */
    public Digest binding(BindingSecret binding) {
        return keys.digest(BINDING, binding.reveal());
    }

    /** Whether {@code stored} is the digest of this browser's binding secret. */
    public boolean bindingMatches(Digest stored, BindingSecret binding) {
        return keys.verify(stored, BINDING, binding.reveal());
    }

    /** The digest of a refresh token. */
    public Digest refreshToken(String token) {
        return keys.digest(REFRESH, token);
    }

    /** The digests a presented refresh token may have been stored under, current key first. */
    public List<Digest> refreshTokenCandidates(String token) {
        return keys.candidates(REFRESH, token);
    }

    /** The digest a throttle window's key is made of, so no IP or identifier is stored in clear. */
    public Digest throttleKey(String value) {
        return keys.digest(THROTTLE, value);
    }

    /** The digest a JSON API passkey ceremony is stored under (its id is a bearer handle for five minutes). */
    public Digest ceremony(String ceremonyId) {
        return keys.digest(CEREMONY, ceremonyId);
    }
}
