package dev.latchkey.core.spi;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.PhoneNumber;
import dev.latchkey.core.secret.Digest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** Builds challenges and outbox entries for store tests. */
public final class Challenges {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The identifier most tests use. */
    public static final EmailAddress ALICE = new EmailAddress("alice@example.com");
    /** A second identifier, to show that operations stay within one. */
    public static final PhoneNumber BOB = new PhoneNumber("+447700900123");

    private Challenges() {
    }

    /** A pending login challenge of {@code identifier} with no secrets yet, created at {@code now}. */
    public static Challenge pending(Identifier identifier, Instant now, Duration ttl) {
        return pending(identifier, Purpose.LOGIN, now, ttl, 1);
    }

    public static Challenge pending(Identifier identifier, Purpose purpose, Instant now, Duration ttl, int maxUses) {
        return new Challenge(RequestId.generate(RANDOM), purpose, identifier, null, null, null, null, null, null,
                new RequesterContext("203.0.113.7", "Mozilla/5.0"), now, now.plus(ttl), 0, 0, maxUses,
                ChallengeState.PENDING, Locale.ENGLISH);
    }

    /** 32 random bytes, standing in for an HMAC. */
    public static Digest randomDigest() {
        byte[] bytes = new byte[Digest.LENGTH];
        RANDOM.nextBytes(bytes);
        return Digest.of(bytes);
    }

    /** A new outbox entry for {@code challenge}, due at {@code now}. */
    public static OutboxEntry entryFor(Challenge challenge, Instant now) {
        return OutboxEntry.queue(UUID.randomUUID().toString(), challenge.id(), challenge.identifier(),
                challenge.requester(), now, OutboxKind.MESSAGE);
    }
}
