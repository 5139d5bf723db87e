package dev.latchkey.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.session.SigningKey;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link SigningKeyStore} does, stated once; each store's test class extends this. */
public abstract class SigningKeyStoreContract {
    /** Longer than a varchar(4000) column holds, as an RSA JWK with its private parts would be. */
    private static final String LONG_JWK = "{\"kty\":\"RSA\",\"n\":\"" + "A".repeat(5_000) + "\",\"d\":\"test-only\"}";

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract SigningKeyStore store();

    @Test
    void findAllWhenEmptyThenEmpty() {
        assertThat(store().findAll()).isEmpty();
    }

    @Test
    void insertWhenNewThenTrueAndFindAllReturnsEveryField() {
        SigningKey active = new SigningKey("kid-active", LONG_JWK, clock.instant(), null);
        SigningKey retired = new SigningKey("kid-retired", "{\"kty\":\"OKP\"}", clock.instant().minusSeconds(60),
                clock.instant().plusNanos(456_000));

        assertThat(store().insert(active)).isTrue();
        assertThat(store().insert(retired)).isTrue();

        assertThat(store().findAll()).containsExactly(active, retired);
    }

    @Test
    void insertWhenKidExistsThenFalseAndKeepsFirst() {
        SigningKey first = key("kid-1", clock.instant());
        store().insert(first);

        assertThat(store().insert(new SigningKey("kid-1", "{\"kty\":\"EC\"}", clock.instant().plusSeconds(1), null)))
                .isFalse();

        assertThat(store().findAll()).containsExactly(first);
    }

    @Test
    void insertWhenTwentyThreadsRaceOnOneKidThenExactlyOneWins() throws Exception {
        List<Boolean> results = Race.run(20, () -> store().insert(key("kid-raced", clock.instant())));

        assertThat(results).hasSize(20).containsOnlyOnce(true);
        assertThat(store().findAll()).hasSize(1);
    }

    @Test
    void findAllWhenSeveralThenNewestFirst() {
        SigningKey oldest = key("kid-b", clock.instant());
        SigningKey newest = key("kid-a", clock.instant().plus(Duration.ofDays(2)));
        SigningKey middle = key("kid-c", clock.instant().plus(Duration.ofDays(1)));
        List.of(oldest, newest, middle).forEach(store()::insert);

        assertThat(store().findAll()).containsExactly(newest, middle, oldest);
    }

    @Test
    void replaceJwkWhenPresentThenKeepsOtherFieldsAndOnlyThatKey() {
        SigningKey first = key("kid-1", clock.instant());
        SigningKey second = key("kid-2", clock.instant().plusSeconds(1));
        store().insert(first);
        store().insert(second);

        store().replaceJwk("kid-1", "enc:v1:replaced");
        store().replaceJwk("kid-missing", "enc:v1:other");

        assertThat(store().findAll()).containsExactly(second,
                new SigningKey("kid-1", "enc:v1:replaced", first.createdAt(), first.retiredAt()));
    }

    @Test
    void retireWhenActiveThenSetsRetiredAt() {
        SigningKey key = key("kid-1", clock.instant());
        store().insert(key);
        clock.advance(Duration.ofDays(1));

        store().retire(key.kid(), clock.instant());

        assertThat(store().findAll()).containsExactly(retiredAt(key, clock.instant()));
    }

    @Test
    void retireWhenAlreadyRetiredThenKeepsFirstRetiredAt() {
        SigningKey key = key("kid-1", clock.instant());
        store().insert(key);
        Instant first = clock.instant();
        store().retire(key.kid(), first);
        clock.advance(Duration.ofDays(1));

        store().retire(key.kid(), clock.instant());

        assertThat(store().findAll()).containsExactly(retiredAt(key, first));
    }

    @Test
    void retireWhenMissingThenNothingChanges() {
        SigningKey key = key("kid-1", clock.instant());
        store().insert(key);

        store().retire("kid-missing", clock.instant());

        assertThat(store().findAll()).containsExactly(key);
    }

    @Test
    void deleteRetiredBeforeWhenCalledThenDeletesOnlyKeysRetiredEarlier() {
        Instant before = clock.instant().plus(Duration.ofDays(10));
        SigningKey active = key("kid-active", clock.instant());
        SigningKey old = key("kid-old", clock.instant());
        SigningKey older = key("kid-older", clock.instant());
        SigningKey atBefore = key("kid-at", clock.instant());
        SigningKey recent = key("kid-recent", clock.instant());
        List.of(active, old, older, atBefore, recent).forEach(store()::insert);
        store().retire(old.kid(), before.minusNanos(1_000));
        store().retire(older.kid(), clock.instant());
        store().retire(atBefore.kid(), before);
        store().retire(recent.kid(), before.plusSeconds(1));

        assertThat(store().deleteRetiredBefore(before)).isEqualTo(2);

        assertThat(store().findAll()).extracting(SigningKey::kid)
                .containsExactlyInAnyOrder("kid-active", "kid-at", "kid-recent");
        assertThat(store().deleteRetiredBefore(before)).isZero();
    }

    private static SigningKey key(String kid, Instant createdAt) {
        return new SigningKey(kid, "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"d\":\"test-only\"}",
                createdAt, null);
    }

    private static SigningKey retiredAt(SigningKey key, Instant at) {
        return new SigningKey(key.kid(), key.jwk(), key.createdAt(), at);
    }
}
