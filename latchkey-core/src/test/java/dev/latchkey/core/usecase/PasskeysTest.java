package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.passkey.AddPasskeyOutcome;
import dev.latchkey.core.passkey.AssertionVerifier;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.PasskeySignInOutcome;
import dev.latchkey.core.passkey.RenameOutcome;
import dev.latchkey.core.passkey.VerifiedAssertion;
import dev.latchkey.core.passkey.VerifiedRegistration;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.testing.Harness;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasskeysTest {
    private static final CredentialId PHONE = CredentialId.of(new byte[] {1, 2, 3, 4});

    private final UseCaseFixture world = new UseCaseFixture(settings -> settings.failuresPerIp(
            Rate.parse("3/15m")));
    private final Passkeys passkeys = new Passkeys(world.context, world.sessions, world.passkeys, world.ceremonies,
            new FreshSignIn(world.clock, Duration.ofMinutes(10)));

    private static VerifiedRegistration registration(CredentialId id, boolean synced) {
        return new VerifiedRegistration(id, new byte[] {9, 9}, 0, true, Set.of("internal"), synced, synced, null, null);
    }

    private static AssertionVerifier holds(long counter, boolean userVerified) {
        return passkey -> Optional.of(new VerifiedAssertion(counter, userVerified, passkey.backupState()));
    }

    private Passkey added(User user) {
        AddPasskeyOutcome outcome = passkeys.add(user.id(), world.clock.instant(), registration(PHONE, true), "Phone",
                Harness.REQUESTER);
        return ((AddPasskeyOutcome.Added) outcome).passkey();
    }

    @Test
    void addWhenSignInIsFreshThenStoredAuditedAndNoticeQueuedInOneTransaction() {
        User alice = world.account(UseCaseFixture.ALICE);

        Passkey passkey = added(alice);

        assertThat(passkey.label()).isEqualTo("Phone");
        assertThat(passkey.userHandle().bytes()).hasSize(32);
        assertThat(passkeys.list(alice.id())).extracting(Passkey::id).containsExactly(PHONE);
        assertThat(world.events(AuditEventType.PASSKEY_ADDED)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
        List<OutboxEntry> due = world.outbox.claimDue(world.clock.instant(), 10, Duration.ofMinutes(1));
        assertThat(due).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(OutboxKind.PASSKEY_ADDED_NOTICE);
            assertThat(entry.recipient()).isEqualTo(UseCaseFixture.ALICE);
            // Its anchor can never be redeemed.
            assertThat(world.challenges.findById(entry.challengeId())).hasValueSatisfying(anchor -> {
                assertThat(anchor.purpose()).isEqualTo(Purpose.NOTICE);
                assertThat(anchor.state()).isEqualTo(ChallengeState.CONSUMED);
                assertThat(anchor.linkDigest()).isNull();
                assertThat(anchor.codeDigest()).isNull();
            });
        });
    }

    @Test
    void addWhenSignInOlderThanFreshLoginThenNotFreshAndNothingStored() {
        User alice = world.account(UseCaseFixture.ALICE);
        Instant signedInAt = world.clock.instant();
        world.clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThat(passkeys.add(alice.id(), signedInAt, registration(PHONE, true), "Phone", Harness.REQUESTER))
                .isInstanceOf(AddPasskeyOutcome.NotFresh.class);
        assertThat(passkeys.add(alice.id(), null, registration(PHONE, true), "Phone", Harness.REQUESTER).kind())
                .isEqualTo(AddPasskeyOutcome.Kind.NOT_FRESH);
        assertThat(passkeys.list(alice.id())).isEmpty();
    }

    @Test
    void addWhenBlankLabelThenBrowserFamilyAndWhenTooLongThenInvalid() {
        User alice = world.account(UseCaseFixture.ALICE);

        AddPasskeyOutcome tooLong = passkeys.add(alice.id(), world.clock.instant(), registration(PHONE, true),
                "x".repeat(65), Harness.REQUESTER);
        AddPasskeyOutcome blank = passkeys.add(alice.id(), world.clock.instant(), registration(PHONE, true), " ",
                Harness.REQUESTER);

        assertThat(tooLong.kind()).isEqualTo(AddPasskeyOutcome.Kind.INVALID_LABEL);
        assertThat(((AddPasskeyOutcome.Added) blank).passkey().label()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void addWhenCredentialTakenOrAccountDisabledThenRefused() {
        User alice = world.account(UseCaseFixture.ALICE);
        added(alice);

        assertThat(passkeys.add(alice.id(), world.clock.instant(), registration(PHONE, true), "Again", Harness.REQUESTER)
                .kind()).isEqualTo(AddPasskeyOutcome.Kind.DUPLICATE);
        world.users.update(alice.withStatus(UserStatus.DISABLED));
        assertThat(passkeys.add(alice.id(), world.clock.instant(), registration(CredentialId.of(new byte[] {7}), true),
                "Other", Harness.REQUESTER)).isEqualTo(new AddPasskeyOutcome.Refused(RefusalReason.DISABLED));
    }

    @Test
    void signInForTheApiWhenAssertionHoldsThenItsSessionIsWrittenInTheTransactionOfTheUse() {
        User alice = world.account(UseCaseFixture.ALICE);
        added(alice);
        List<Boolean> createdInTransaction = new ArrayList<>();
        ApiSessionStore store = (ApiSessionStore) Proxy.newProxyInstance(ApiSessionStore.class.getClassLoader(),
                new Class<?>[] {ApiSessionStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("create")) {
                        createdInTransaction.add(world.transactions.open > 0);
                    }
                    try {
                        return method.invoke(world.apiSessions, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ApiSessions api = new ApiSessions(store, world.config.keys(), world.clock, world.random, Duration.ofDays(30),
                world.config.sessionMaxAge(), new EventPublisher(List.of()), world.sessions);

        PasskeySignInOutcome outcome = passkeys.signIn(PHONE, holds(1, true), Harness.REQUESTER, api);

        assertThat(outcome).isInstanceOfSatisfying(PasskeySignInOutcome.SignedIn.class, signedIn -> {
            assertThat(signedIn.apiSession()).isNotNull();
            assertThat(world.apiSessions.findSession(signedIn.apiSession().session().id())).get()
                    .satisfies(session -> assertThat(session.userId()).isEqualTo(alice.id()));
        });
        assertThat(createdInTransaction).containsExactly(true);
    }

    @Test
    void signInWhenAssertionHoldsThenSignedInWithAmrOfTheCredentialAndUseRecorded() {
        User alice = world.account(UseCaseFixture.ALICE);
        added(alice);

        PasskeySignInOutcome outcome = passkeys.signIn(PHONE, holds(1, true), Harness.REQUESTER);

        assertThat(outcome).isInstanceOfSatisfying(PasskeySignInOutcome.SignedIn.class, signedIn -> {
            assertThat(signedIn.user().id()).isEqualTo(alice.id());
            assertThat(signedIn.method()).isEqualTo(AuthMethod.PASSKEY_SWK_UV);
            assertThat(signedIn.method().amr()).containsExactly("swk", "user");
        });
        assertThat(world.passkeys.find(PHONE)).hasValueSatisfying(p -> {
            assertThat(p.signatureCount()).isEqualTo(1);
            assertThat(p.lastUsedAt()).isEqualTo(world.clock.instant());
        });
        assertThat(world.events(AuditEventType.LOGIN_SUCCEEDED)).singleElement().satisfies(published -> {
            assertThat(published.inTransaction()).isTrue();
            assertThat(published.event().reason()).isEqualTo("passkey");
        });
    }

    @Test
    void signInWhenCounterDidNotGoUpThenRefusedAndAudited() {
        User alice = world.account(UseCaseFixture.ALICE);
        added(alice);
        assertThat(passkeys.signIn(PHONE, holds(5, true), Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.SIGNED_IN);

        assertThat(passkeys.signIn(PHONE, holds(5, true), Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.COUNTER_REGRESSED);
        assertThat(passkeys.signIn(PHONE, holds(2, true), Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.COUNTER_REGRESSED);
        assertThat(world.events(AuditEventType.LOGIN_FAILED)).extracting(p -> p.event().reason())
                .containsExactly("counter_regressed", "counter_regressed");
    }

    @Test
    void signInWhenAuthenticatorKeepsNoCounterThenZeroEveryTimeSignsIn() {
        added(world.account(UseCaseFixture.ALICE));

        assertThat(passkeys.signIn(PHONE, holds(0, false), Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.SIGNED_IN);
        assertThat(passkeys.signIn(PHONE, holds(0, false), Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.SIGNED_IN);
    }

    @Test
    void signInWhenFailuresFillTheIpWindowThenLocked() {
        added(world.account(UseCaseFixture.ALICE));
        AssertionVerifier fails = passkey -> Optional.empty();

        assertThat(passkeys.signIn(PHONE, fails, Harness.REQUESTER).kind()).isEqualTo(PasskeySignInOutcome.Kind.BAD_ASSERTION);
        assertThat(passkeys.signIn(CredentialId.of(new byte[] {8}), fails, Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.UNKNOWN_CREDENTIAL);
        passkeys.signIn(PHONE, fails, Harness.REQUESTER);

        assertThat(passkeys.signIn(PHONE, holds(1, true), Harness.REQUESTER))
                .isInstanceOf(PasskeySignInOutcome.Locked.class);
    }

    @Test
    void signInWhenAccountDisabledThenRefusedAndItsSessionsEnd() {
        User alice = world.account(UseCaseFixture.ALICE);
        added(alice);
        world.users.update(alice.withStatus(UserStatus.DISABLED));

        assertThat(passkeys.signIn(PHONE, holds(1, true), Harness.REQUESTER))
                .isEqualTo(new PasskeySignInOutcome.Refused(RefusalReason.DISABLED));
        assertThat(world.events(AuditEventType.SESSIONS_REVOKED)).hasSize(1);
    }

    @Test
    void renameAndRemoveOnlyTheirOwnPasskeys() {
        User alice = world.account(UseCaseFixture.ALICE);
        User bob = world.account(new EmailAddress("bob@example.com"));
        added(alice);

        assertThat(passkeys.rename(bob.id(), PHONE, "Mine now")).isEqualTo(RenameOutcome.NOT_FOUND);
        assertThat(passkeys.rename(alice.id(), PHONE, "")).isEqualTo(RenameOutcome.INVALID_LABEL);
        assertThat(passkeys.rename(alice.id(), PHONE, "Work phone")).isEqualTo(RenameOutcome.RENAMED);
        assertThat(passkeys.remove(bob.id(), PHONE, Harness.REQUESTER)).isFalse();
        assertThat(passkeys.list(alice.id())).extracting(Passkey::label).containsExactly("Work phone");

        assertThat(passkeys.remove(alice.id(), PHONE, Harness.REQUESTER)).isTrue();
        assertThat(passkeys.list(alice.id())).isEmpty();
        assertThat(world.events(AuditEventType.PASSKEY_REMOVED)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
        assertThat(passkeys.signIn(PHONE, holds(1, true), Harness.REQUESTER).kind())
                .isEqualTo(PasskeySignInOutcome.Kind.UNKNOWN_CREDENTIAL);
    }

    @Test
    void ceremonyIsTakenOnceWithinFiveMinutesByItsPurposeAndUser() {
        User alice = world.account(UseCaseFixture.ALICE);
        String registration = passkeys.openCeremony(Ceremony.Purpose.REGISTRATION, alice.id(), "{\"challenge\":\"x\"}");
        String authentication = passkeys.openCeremony(Ceremony.Purpose.AUTHENTICATION, null, "{}");
        String late = passkeys.openCeremony(Ceremony.Purpose.AUTHENTICATION, null, "{}");

        assertThat(registration).hasSize(43);
        assertThat(passkeys.takeCeremony(registration, Ceremony.Purpose.REGISTRATION, alice.id()))
                .hasValueSatisfying(c -> assertThat(c.optionsJson()).isEqualTo("{\"challenge\":\"x\"}"));
        assertThat(passkeys.takeCeremony(registration, Ceremony.Purpose.REGISTRATION, alice.id())).isEmpty();
        assertThat(passkeys.takeCeremony(authentication, Ceremony.Purpose.REGISTRATION, alice.id())).isEmpty();
        world.clock.advance(Passkeys.CEREMONY_TTL);
        assertThat(passkeys.takeCeremony(late, Ceremony.Purpose.AUTHENTICATION, null)).isEmpty();
    }
}
