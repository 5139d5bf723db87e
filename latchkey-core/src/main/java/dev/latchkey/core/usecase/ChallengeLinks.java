package dev.latchkey.core.usecase;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.SignInStore;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds a challenge by the token of its link and checks the browser binding, through {@link Digests}. */
final class ChallengeLinks {
    private static final int MAX_TOKEN_LENGTH = 128;

    private final ChallengeStore challenges;
    private final SignInStore signIns;
    private final Digests digests;

    ChallengeLinks(ChallengeStore challenges, SignInStore signIns, Digests digests) {
        this.challenges = challenges;
        this.signIns = signIns;
        this.digests = digests;
    }

    Optional<Challenge> find(Purpose purpose, String token) {
        return candidates(purpose, token).flatMap(challenges::findByLinkDigest);
    }

    /** The challenge of a link about to be redeemed, read with its account in one step where the store can. */
    Optional<SignInStore.Redeemable> findRedeemable(Purpose purpose, String token) {
        return candidates(purpose, token).flatMap(signIns::findByLink);
    }

    private Optional<List<Digest>> candidates(Purpose purpose, String token) {
        String trimmed = token.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(digests.linkCandidates(purpose.key(), trimmed));
    }

    /** Whether {@code binding} is the secret the browser that asked for {@code challenge} holds. */
    boolean sameBrowser(Challenge challenge, @Nullable BindingSecret binding) {
        Digest stored = challenge.bindingDigest();
        return stored != null && binding != null && digests.bindingMatches(stored, binding);
    }
}
