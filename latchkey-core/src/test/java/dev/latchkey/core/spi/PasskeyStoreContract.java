package dev.latchkey.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link PasskeyStore} does, stated once; each store's test class extends this. */
public abstract class PasskeyStoreContract {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final UserId ALICE = new UserId("0190a5c4-1234-7abc-8def-0123456789ab");
    private static final UserId BOB = new UserId("0190a5c4-5678-7abc-8def-0123456789cd");

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract PasskeyStore store();

    @Test
    void findWhenAddedWithEveryFieldThenReturnsEachExactly() {
        // Bytes of every value, a 1023-byte id (WebAuthn's longest), microseconds (what the stores keep).
        byte[] idBytes = new byte[1023];
        for (int i = 0; i < idBytes.length; i++) {
            idBytes[i] = (byte) i;
        }
        Instant created = clock.instant().minus(Duration.ofDays(3)).plusNanos(123_456_000);
        Passkey passkey = new Passkey(CredentialId.of(idBytes), ALICE, handle(), randomBytes(300), 4_294_967_295L,
                true, Set.of("internal", "hybrid", "usb"), true, true, randomBytes(2048), randomBytes(180),
                "Work laptop — Touch ID ✓", created, clock.instant().plusNanos(999_000));

        store().add(passkey);

        assertThat(store().find(passkey.id())).hasValueSatisfying(found -> assertSamePasskey(found, passkey));
    }

    @Test
    void findWhenOptionalFieldsAreEmptyThenReturnsNullsAndNoTransports() {
        Passkey passkey = new Passkey(CredentialId.of(randomBytes(16)), BOB, handle(), randomBytes(77), 0, false,
                Set.of(), false, false, null, null, "k", clock.instant(), null);

        store().add(passkey);

        assertThat(store().find(passkey.id())).hasValueSatisfying(found -> assertSamePasskey(found, passkey));
    }

    @Test
    void findWhenMissingThenEmpty() {
        assertThat(store().find(CredentialId.of(randomBytes(16)))).isEmpty();
    }

    @Test
    void addWhenCredentialIdTakenThenThrowsAndKeepsTheFirst() {
        Passkey first = added(ALICE, "first");
        Passkey sameIdOtherUser = new Passkey(first.id(), BOB, handle(), randomBytes(77), 0, false, Set.of(), false,
                false, null, null, "second", clock.instant(), null);
        Passkey sameIdSameUser = new Passkey(first.id(), ALICE, first.userHandle(), randomBytes(77), 0, false,
                Set.of(), false, false, null, null, "third", clock.instant(), null);

        assertThatThrownBy(() -> store().add(sameIdOtherUser)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store().add(sameIdSameUser)).isInstanceOf(IllegalStateException.class);

        assertThat(store().find(first.id())).hasValueSatisfying(found -> assertSamePasskey(found, first));
        assertThat(store().list(BOB)).isEmpty();
    }

    @Test
    void addWhenUserHasNoHandleThenStoresThePasskeysHandleAsTheUsers() {
        Passkey passkey = added(ALICE, "phone");

        assertThat(store().findUserHandle(ALICE)).contains(passkey.userHandle());
        assertThat(store().findUser(passkey.userHandle())).contains(ALICE);
    }

    @Test
    void addWhenUserHasAnotherHandleThenThrowsAndStoresNothing() {
        UserHandle alices = store().userHandle(ALICE, handle());
        Passkey foreign = new Passkey(CredentialId.of(randomBytes(16)), ALICE, handle(), randomBytes(77), 0, false,
                Set.of(), false, false, null, null, "phone", clock.instant(), null);

        assertThatThrownBy(() -> store().add(foreign)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store().find(foreign.id())).isEmpty();
        assertThat(store().findUserHandle(ALICE)).contains(alices);
    }

    @Test
    void listWhenUsersHavePasskeysThenReturnsOnlyThatUsersOldestFirst() {
        Passkey second = addedAt(ALICE, "second", clock.instant().plusSeconds(60));
        Passkey bobs = addedAt(BOB, "bob's", clock.instant().plusSeconds(30));
        Passkey first = addedAt(ALICE, "first", clock.instant());
        Passkey third = addedAt(ALICE, "third", clock.instant().plusSeconds(61));

        assertThat(store().list(ALICE)).map(Passkey::id).containsExactly(first.id(), second.id(), third.id());
        assertThat(store().list(BOB)).singleElement().satisfies(found -> assertSamePasskey(found, bobs));
        assertThat(store().list(new UserId("nobody"))).isEmpty();
    }

    @Test
    void userHandleWhenUserHasNoneThenStoresTheCandidate() {
        UserHandle candidate = handle();

        assertThat(store().userHandle(ALICE, candidate)).isEqualTo(candidate);

        assertThat(store().findUserHandle(ALICE)).contains(candidate);
        assertThat(store().findUserHandle(BOB)).isEmpty();
    }

    @Test
    void userHandleWhenUserHasOneThenKeepsItAndIgnoresTheCandidate() {
        UserHandle stored = store().userHandle(ALICE, handle());
        UserHandle ignored = handle();

        assertThat(store().userHandle(ALICE, ignored)).isEqualTo(stored);

        assertThat(store().findUserHandle(ALICE)).contains(stored);
        assertThat(store().findUser(ignored)).isEmpty();
    }

    @Test
    void userHandleWhenCandidateIsAnotherUsersThenThrowsAndGivesNone() {
        UserHandle alices = store().userHandle(ALICE, handle());

        assertThatThrownBy(() -> store().userHandle(BOB, alices)).isInstanceOf(IllegalStateException.class);

        assertThat(store().findUserHandle(BOB)).isEmpty();
        assertThat(store().findUser(alices)).contains(ALICE);
    }

    @Test
    void userHandleWhenEightCallersRaceThenAllGetTheOneStoredHandle() throws Exception {
        List<UserHandle> candidates = IntStream.range(0, 8).mapToObj(i -> handle()).toList();
        AtomicInteger tickets = new AtomicInteger();

        List<UserHandle> results = Race.run(8,
                () -> store().userHandle(ALICE, candidates.get(tickets.getAndIncrement())));

        UserHandle stored = store().findUserHandle(ALICE).orElseThrow();
        assertThat(candidates).contains(stored);
        assertThat(results).hasSize(8).containsOnly(stored);
        assertThat(candidates).filteredOn(c -> store().findUser(c).isPresent()).containsExactly(stored);
    }

    @Test
    void findUserWhenHandleIsUnknownThenEmpty() {
        store().userHandle(ALICE, handle());

        assertThat(store().findUser(handle())).isEmpty();
    }

    @Test
    void recordUseWhenCountMatchesThenStoresCountBackupStateAndTimeOnly() {
        Passkey passkey = added(ALICE, "phone");
        clock.advance(Duration.ofMinutes(5));
        Instant at = clock.instant().plusNanos(7_000);

        assertThat(store().recordUse(passkey.id(), passkey.signatureCount(), 42, true, at)).isTrue();

        assertThat(store().find(passkey.id())).hasValueSatisfying(found -> assertSamePasskey(found,
                used(passkey, 42, true, at)));
    }

    @Test
    void recordUseWhenCountIsStaleThenFalseAndUnchanged() {
        Passkey passkey = added(ALICE, "phone");
        store().recordUse(passkey.id(), passkey.signatureCount(), 42, true, clock.instant());
        Passkey recorded = store().find(passkey.id()).orElseThrow();

        assertThat(store().recordUse(passkey.id(), passkey.signatureCount(), 43, false,
                clock.instant().plusSeconds(1))).isFalse();

        assertThat(store().find(passkey.id())).hasValueSatisfying(found -> assertSamePasskey(found, recorded));
    }

    @Test
    void recordUseWhenAuthenticatorKeepsNoCounterThenEveryUseIsRecorded() {
        Passkey passkey = added(ALICE, "synced");

        assertThat(store().recordUse(passkey.id(), 0, 0, true, clock.instant())).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(store().recordUse(passkey.id(), 0, 0, true, clock.instant())).isTrue();

        assertThat(store().find(passkey.id())).map(Passkey::lastUsedAt).contains(clock.instant());
    }

    @Test
    void recordUseWhenMissingThenFalse() {
        assertThat(store().recordUse(CredentialId.of(randomBytes(16)), 0, 1, false, clock.instant())).isFalse();
    }

    @Test
    void recordUseWhenFiftyThreadsRaceWithOneCountThenExactlyOneRecords() throws Exception {
        Passkey passkey = added(ALICE, "phone");
        // Every racer moves the counter to its own value, none back to the expected one.
        AtomicInteger tickets = new AtomicInteger(1_001);

        List<Boolean> results = Race.run(50, () -> store().recordUse(passkey.id(), passkey.signatureCount(),
                tickets.getAndIncrement(), false, clock.instant()));

        assertThat(results).hasSize(50).containsOnlyOnce(true);
        long recorded = store().find(passkey.id()).orElseThrow().signatureCount();
        assertThat(recorded).isBetween(1_001L, 1_050L);
        assertThat(store().recordUse(passkey.id(), recorded, recorded + 1, false, clock.instant())).isTrue();
    }

    @Test
    void renameWhenOwnerThenTrueAndOnlyTheLabelChanges() {
        Passkey passkey = added(ALICE, "phone");

        assertThat(store().rename(ALICE, passkey.id(), "Pixel 9")).isTrue();

        assertThat(store().find(passkey.id())).hasValueSatisfying(found -> assertSamePasskey(found,
                relabelled(passkey, "Pixel 9")));
    }

    @Test
    void renameWhenAnotherUsersPasskeyThenFalseAndUnchanged() {
        Passkey alices = added(ALICE, "phone");
        added(BOB, "bob's");

        assertThat(store().rename(BOB, alices.id(), "mine now")).isFalse();

        assertThat(store().find(alices.id())).hasValueSatisfying(found -> assertSamePasskey(found, alices));
    }

    @Test
    void renameWhenMissingThenFalse() {
        assertThat(store().rename(ALICE, CredentialId.of(randomBytes(16)), "phone")).isFalse();
    }

    @Test
    void renameWhenLabelIsBlankOrTooLongThenThrowsAndUnchanged() {
        Passkey passkey = added(ALICE, "phone");

        assertThatThrownBy(() -> store().rename(ALICE, passkey.id(), " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().rename(ALICE, passkey.id(), "x".repeat(Passkey.MAX_LABEL_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store().find(passkey.id())).map(Passkey::label).contains("phone");
    }

    @Test
    void removeWhenOwnerThenTrueOnceAndGone() {
        Passkey removed = added(ALICE, "phone");
        Passkey kept = added(ALICE, "laptop");

        assertThat(store().remove(ALICE, removed.id())).isTrue();
        assertThat(store().remove(ALICE, removed.id())).isFalse();

        assertThat(store().find(removed.id())).isEmpty();
        assertThat(store().list(ALICE)).map(Passkey::id).containsExactly(kept.id());
        assertThat(store().findUserHandle(ALICE)).contains(kept.userHandle());
    }

    @Test
    void removeWhenAnotherUsersPasskeyThenFalseAndKept() {
        Passkey alices = added(ALICE, "phone");
        added(BOB, "bob's");

        assertThat(store().remove(BOB, alices.id())).isFalse();

        assertThat(store().find(alices.id())).hasValueSatisfying(found -> assertSamePasskey(found, alices));
    }

    @Test
    void removeAllWhenUserHasPasskeysThenRemovesThemAndTheHandleOnly() {
        Passkey first = added(ALICE, "phone");
        Passkey second = added(ALICE, "laptop");
        Passkey bobs = added(BOB, "bob's");

        assertThat(store().removeAll(ALICE)).isEqualTo(2);

        assertThat(store().find(first.id())).isEmpty();
        assertThat(store().find(second.id())).isEmpty();
        assertThat(store().list(ALICE)).isEmpty();
        assertThat(store().findUserHandle(ALICE)).isEmpty();
        assertThat(store().findUser(first.userHandle())).isEmpty();
        assertThat(store().find(bobs.id())).hasValueSatisfying(found -> assertSamePasskey(found, bobs));
        assertThat(store().findUser(bobs.userHandle())).contains(BOB);
        assertThat(store().removeAll(ALICE)).isZero();
    }

    @Test
    void removeAllWhenUserHasOnlyAHandleThenRemovesItAndANewOneCanBeGiven() {
        UserHandle old = store().userHandle(ALICE, handle());
        UserHandle fresh = handle();

        assertThat(store().removeAll(ALICE)).isZero();

        assertThat(store().findUser(old)).isEmpty();
        assertThat(store().userHandle(ALICE, fresh)).isEqualTo(fresh);
    }

    private Passkey added(UserId user, String label) {
        clock.advance(Duration.ofSeconds(1));
        return addedAt(user, label, clock.instant());
    }

    /** Adds a passkey of {@code user} under the user's handle, giving the user one if needed. */
    private Passkey addedAt(UserId user, String label, Instant createdAt) {
        UserHandle userHandle = store().userHandle(user, handle());
        Passkey passkey = new Passkey(CredentialId.of(randomBytes(16)), user, userHandle, randomBytes(77), 0, true,
                Set.of("internal"), false, false, randomBytes(64), randomBytes(120), label, createdAt, null);
        store().add(passkey);
        return passkey;
    }

    private static Passkey used(Passkey p, long count, boolean backupState, Instant at) {
        return new Passkey(p.id(), p.userId(), p.userHandle(), p.publicKeyCose(), count, p.uvInitialized(),
                p.transports(), p.backupEligible(), backupState, p.attestationObject(), p.attestationClientDataJson(),
                p.label(), p.createdAt(), at);
    }

    private static Passkey relabelled(Passkey p, String label) {
        return new Passkey(p.id(), p.userId(), p.userHandle(), p.publicKeyCose(), p.signatureCount(),
                p.uvInitialized(), p.transports(), p.backupEligible(), p.backupState(), p.attestationObject(),
                p.attestationClientDataJson(), label, p.createdAt(), p.lastUsedAt());
    }

    /** Field by field, byte arrays by content: a record's own {@code equals} compares arrays by reference. */
    private static void assertSamePasskey(Passkey actual, Passkey expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }

    private static UserHandle handle() {
        return UserHandle.generate(RANDOM);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
