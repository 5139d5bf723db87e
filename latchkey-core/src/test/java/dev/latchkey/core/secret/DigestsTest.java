package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.LatchkeyConfig.CodeSettings;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recipes of every digest, pinned: digests already stored (links, codes, bindings, refresh
 * tokens, throttle keys) must keep verifying after any change here.
 */
class DigestsTest {
    private static final String CURRENT = "current-secret-current-secret-0123456789";
    private static final String PREVIOUS = "previous-secret-previous-secret-0123456789";

    private final SecureRandom random = new SecureRandom();
    private final SecretKeyRing keys = SecretKeyRing.of(CURRENT, List.of(PREVIOUS));
    private final Digests digests = new Digests(keys);

    @Test
    void aLinkIsPurposeThenToken() {
        LinkToken token = LinkToken.generate(random);

        assertThat(digests.link("login", token).matches(keys.digest("login", token.reveal()))).isTrue();
        assertThat(digests.linkCandidates("login", token.reveal())).hasSize(2)
                .first().satisfies(first -> assertThat(first.matches(digests.link("login", token))).isTrue());
    }

    @Test
    void aCodeIsPurposeThenRequestIdThenCode() {
        Code code = Code.generate(random, new CodeSettings(6, "0123456789"));

        Digest stored = digests.code("login", "req-1", code);

        assertThat(stored.matches(keys.digest("login", "req-1", code.reveal()))).isTrue();
        assertThat(digests.codeMatches(stored, "login", "req-1", code)).isTrue();
        assertThat(digests.codeMatches(stored, "login", "req-2", code)).isFalse();
        assertThat(digests.codeMatches(stored, "change-email", "req-1", code)).isFalse();
    }

    @Test
    void aBindingIsTheWordBindingThenTheSecret() {
        BindingSecret binding = BindingSecret.generate(random);

        Digest stored = digests.binding(binding);

        assertThat(stored.matches(keys.digest("binding", binding.reveal()))).isTrue();
        assertThat(digests.bindingMatches(stored, binding)).isTrue();
        assertThat(digests.bindingMatches(stored, BindingSecret.generate(random))).isFalse();
    }

    @Test
    void aDigestMadeUnderAPreviousSecretStillVerifies() {
        BindingSecret binding = BindingSecret.generate(random);
        Digest old = new Digests(SecretKeyRing.of(PREVIOUS, List.of())).binding(binding);

        assertThat(digests.bindingMatches(old, binding)).isTrue();
    }

    @Test
    void refreshTokensAndThrottleKeysHaveTheirOwnPurpose() {
        assertThat(digests.refreshToken("t").matches(keys.digest("refresh", "t"))).isTrue();
        assertThat(digests.refreshTokenCandidates("t")).hasSize(2);
        assertThat(digests.throttleKey("203.0.113.7").matches(keys.digest("throttle", "203.0.113.7"))).isTrue();
    }
}
