package dev.latchkey.core.usecase;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.spi.ChallengeStore;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds a challenge by the token of its link and checks the browser binding, through {@link Digests}. */
final class ChallengeLinks {
    private static final int MAX_TOKEN_LENGTH = 128;

    private final ChallengeStore challenges;
    private final Digests digests;

    ChallengeLinks(ChallengeStore challenges, Digests digests) {
        this.challenges = challenges;
        this.digests = digests;
    }

    Optional<Challenge> find(Purpose purpose, String token) {
        String trimmed = token.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return challenges.findByLinkDigest(digests.linkCandidates(purpose.key(), trimmed));
    }

    /** Whether {@code binding} is the secret the browser that asked for {@code challenge} holds. */
    boolean sameBrowser(Challenge challenge, @Nullable BindingSecret binding) {
        Digest stored = challenge.bindingDigest();
        return stored != null && binding != null && digests.bindingMatches(stored, binding);
    }
}
