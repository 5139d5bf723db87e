package dev.latchkey.core.memory;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.ChallengeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Challenges in a map; each change is one atomic {@code compute} on the challenge's entry. */
public final class InMemoryChallengeStore implements ChallengeStore {
    private final Map<RequestId, Challenge> byId = new ConcurrentHashMap<>();
    private final Map<Digest, RequestId> byLinkDigest = new ConcurrentHashMap<>();
    /** Challenges per identifier, so finding or revoking one identifier's challenges never scans them all. */
    private final Map<Identifier, Set<RequestId>> byIdentifier = new ConcurrentHashMap<>();
    private final @Nullable InMemoryOutboxStore outbox;

    /** A store whose purge also removes the purged challenges' entries from {@code outbox}. */
    public InMemoryChallengeStore(@Nullable InMemoryOutboxStore outbox) {
        this.outbox = outbox;
    }

    public InMemoryChallengeStore() {
        this(null);
    }

    @Override
    public void insert(Challenge challenge) {
        if (byId.putIfAbsent(challenge.id(), challenge) != null) {
            throw new IllegalStateException("a challenge with this id exists");
        }
        if (challenge.linkDigest() != null) {
            byLinkDigest.put(challenge.linkDigest(), challenge.id());
        }
        byIdentifier.computeIfAbsent(challenge.identifier(), k -> ConcurrentHashMap.newKeySet()).add(challenge.id());
    }

    private List<Challenge> ofIdentifier(Identifier identifier) {
        List<Challenge> found = new ArrayList<>();
        for (RequestId id : byIdentifier.getOrDefault(identifier, Set.of())) {
            Challenge challenge = byId.get(id);
            if (challenge != null) {
                found.add(challenge);
            }
        }
        return found;
    }

    @Override
    public Optional<Challenge> findById(RequestId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<Challenge> findByLinkDigest(Collection<Digest> candidates) {
        for (Digest candidate : candidates) {
            RequestId id = byLinkDigest.get(candidate);
            if (id != null && byId.containsKey(id)) {
                return findById(id);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Challenge> findNewestPending(Identifier identifier, Purpose purpose, Instant now) {
        return ofIdentifier(identifier).stream()
                .filter(c -> c.purpose() == purpose && c.state() == ChallengeState.PENDING && now.isBefore(c.expiresAt()))
                .max(Comparator.comparing(Challenge::createdAt));
    }

    @Override
    public boolean storeSecrets(RequestId id, @Nullable Digest expectedLink, @Nullable Digest linkDigest,
                                @Nullable Digest codeDigest) {
        AtomicBoolean stored = new AtomicBoolean();
        byId.computeIfPresent(id, (key, c) -> {
            if (c.state() != ChallengeState.PENDING || !Objects.equals(c.linkDigest(), expectedLink)) {
                return c;
            }
            if (c.linkDigest() != null) {
                byLinkDigest.remove(c.linkDigest());
            }
            if (linkDigest != null) {
                byLinkDigest.put(linkDigest, id);
            }
            stored.set(true);
            return c.withSecrets(linkDigest, codeDigest);
        });
        return stored.get();
    }

    @Override
    public OptionalInt countAttempt(RequestId id, int maxAttempts, Instant now) {
        AtomicInteger counted = new AtomicInteger(-1);
        byId.computeIfPresent(id, (key, c) -> {
            if (c.state() != ChallengeState.PENDING || !now.isBefore(c.expiresAt()) || c.attempts() >= maxAttempts) {
                return c;
            }
            counted.set(c.attempts() + 1);
            return c.withAttempts(c.attempts() + 1);
        });
        return counted.get() < 0 ? OptionalInt.empty() : OptionalInt.of(counted.get());
    }

    @Override
    public boolean spendUse(RequestId id, Instant now) {
        AtomicBoolean spent = new AtomicBoolean();
        byId.computeIfPresent(id, (key, c) -> {
            if (!c.redeemableAt(now)) {
                return c;
            }
            spent.set(true);
            return c.withUseSpent();
        });
        return spent.get();
    }

    @Override
    public boolean finish(RequestId id, ChallengeState state) {
        AtomicBoolean changed = new AtomicBoolean();
        byId.computeIfPresent(id, (key, c) -> {
            if (c.state() != ChallengeState.PENDING) {
                return c;
            }
            changed.set(true);
            return c.withState(state);
        });
        return changed.get();
    }

    @Override
    public int revokePending(Identifier identifier, Purpose purpose, @Nullable UserId user, @Nullable RequestId keep) {
        List<RequestId> candidates = ofIdentifier(identifier).stream()
                .filter(c -> c.purpose() == purpose && !c.id().equals(keep))
                .filter(c -> user == null || user.equals(c.userId()))
                .map(Challenge::id)
                .toList();
        int revoked = 0;
        for (RequestId candidate : candidates) {
            if (finish(candidate, ChallengeState.REVOKED)) {
                revoked++;
            }
        }
        return revoked;
    }

    @Override
    public int purgeExpired(Instant before, int batchSize) {
        List<Challenge> expired = new ArrayList<>();
        for (Challenge c : byId.values()) {
            if (expired.size() == batchSize) {
                break;
            }
            if (!c.expiresAt().isAfter(before)) {
                expired.add(c);
            }
        }
        return remove(expired);
    }

    @Override
    public int deleteAll(UserId user, Collection<? extends Identifier> identifiers) {
        return remove(byId.values().stream()
                .filter(c -> user.equals(c.userId()) || identifiers.contains(c.identifier())).toList());
    }

    /** Removes the challenges and their outbox entries; returns how many were still held. */
    private int remove(List<Challenge> victims) {
        int removed = 0;
        for (Challenge c : victims) {
            if (byId.remove(c.id()) != null) {
                removed++;
                if (c.linkDigest() != null) {
                    byLinkDigest.remove(c.linkDigest(), c.id());
                }
                byIdentifier.computeIfPresent(c.identifier(), (k, ids) -> {
                    ids.remove(c.id());
                    return ids.isEmpty() ? null : ids;
                });
                if (outbox != null) {
                    outbox.removeChallenge(c.id());
                }
            }
        }
        return removed;
    }

    /** How many challenges are held, for tests of purging. */
    public int size() {
        return byId.size();
    }
}
