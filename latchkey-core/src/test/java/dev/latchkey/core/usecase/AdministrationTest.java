package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.admin.AccountOutcome;
import dev.latchkey.core.admin.AccountPatch;
import dev.latchkey.core.admin.AdminCaller;
import dev.latchkey.core.admin.EventsOutcome;
import dev.latchkey.core.admin.MintOutcome;
import dev.latchkey.core.admin.MintRequest;
import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.memory.InMemoryAuditEventStore;
import dev.latchkey.core.memory.InMemoryOidcStore;
import dev.latchkey.core.oidc.OidcConsent;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.spi.Challenges;
import dev.latchkey.core.testing.Harness;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The admin API's rules (SPEC §12), in the engine alone. */
class AdministrationTest {
    private static final AdminCaller CALLER = new AdminCaller("support-desk", Harness.REQUESTER);

    private final UseCaseFixture world = new UseCaseFixture(settings -> settings.registration(Registration.CLOSED));
    private final InMemoryAuditEventStore trail = new InMemoryAuditEventStore();
    private final InMemoryOidcStore oidc = new InMemoryOidcStore();
    private final Administration admin = new Administration(world.context, world.sessions, world.apiSessions,
            world.passkeys, oidc, trail);
    private final Redemption redemption = new Redemption(world.context, world.sessions);

    @Test
    void mintLinkWhenHandedOverWithRegistrationClosedThenTheNewAccountSignsInOnceAndNothingIsSent() {
        MintOutcome outcome = admin.mintLink(new MintRequest(Channel.EMAIL, " Alice@Example.com ", "/welcome", 120L,
                false), CALLER);

        MintOutcome.Minted minted = (MintOutcome.Minted) outcome;
        assertThat(minted.link()).isEqualTo("http://localhost:8080/login/link/" + minted.token().reveal());
        assertThat(minted.expiresAt()).isEqualTo(world.clock.instant().plus(Duration.ofSeconds(120)));
        assertThat(minted.toString()).doesNotContain(minted.token().reveal()).doesNotContain(minted.code().reveal());
        User alice = world.users.findByIdentifier(UseCaseFixture.ALICE).orElseThrow();
        assertThat(world.outbox.claimDue(world.clock.instant(), 10, Duration.ofMinutes(1))).isEmpty();
        assertThat(world.events(AuditEventType.SIGN_IN_LINK_MINTED)).singleElement().satisfies(published -> {
            assertThat(published.inTransaction()).isTrue();
            assertThat(published.event().userId()).isEqualTo(alice.id());
            assertThat(published.event().clientId()).isEqualTo("support-desk");
            assertThat(published.event().reason()).isEqualTo("handed_over");
        });
        RedemptionOutcome first = redemption.link(minted.token().reveal(), Proof.from(Harness.REQUESTER), null);
        assertThat(first).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(((RedemptionOutcome.SignedIn) first).next()).isEqualTo("/welcome");
        assertThat(redemption.link(minted.token().reveal(), Proof.from(Harness.REQUESTER), null))
                .isNotInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void mintLinkWhenHandedOverThenItsCodeSignsInToo() {
        MintOutcome.Minted minted = (MintOutcome.Minted) admin.mintLink(
                new MintRequest(Channel.EMAIL, "alice@example.com", null, null, false), CALLER);

        assertThat(redemption.code(UseCaseFixture.ALICE, minted.code().reveal(), Proof.from(Harness.REQUESTER), null))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(minted.expiresAt()).isEqualTo(world.clock.instant().plus(world.config.challenge().ttl()));
    }

    @Test
    void mintLinkWhenDeliverThenOneMessageIsQueuedAndAnOlderLinkIsRevoked() {
        MintOutcome.Minted older = (MintOutcome.Minted) admin.mintLink(
                new MintRequest(Channel.EMAIL, "alice@example.com", null, null, false), CALLER);

        MintOutcome outcome = admin.mintLink(new MintRequest(Channel.EMAIL, "alice@example.com", null, null, true), CALLER);

        assertThat(outcome).isInstanceOf(MintOutcome.Queued.class);
        assertThat(world.outbox.claimDue(world.clock.instant(), 10, Duration.ofMinutes(1))).singleElement()
                .satisfies(entry -> assertThat(entry.kind()).isEqualTo(OutboxKind.MESSAGE));
        assertThat(redemption.link(older.token().reveal(), Proof.from(Harness.REQUESTER), null))
                .isNotInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void mintLinkWhenTtlAboveTheChallengeTtlOrAddressBadThenInvalidAndNothingWritten() {
        assertThat(admin.mintLink(new MintRequest(Channel.EMAIL, "alice@example.com", null, 601L, false), CALLER))
                .isEqualTo(new MintOutcome.Invalid("ttl",
                        "ttl must be between 1 and 600 seconds (latchkey.challenge.ttl); was 601."));
        assertThat(admin.mintLink(new MintRequest(Channel.EMAIL, "alice@example.com", null, 0L, false), CALLER))
                .isInstanceOf(MintOutcome.Invalid.class);
        assertThat(admin.mintLink(new MintRequest(Channel.EMAIL, "alice@", null, null, false), CALLER))
                .isInstanceOf(MintOutcome.Invalid.class);
        assertThat(world.users.findByIdentifier(UseCaseFixture.ALICE)).isEmpty();
        assertThat(world.events).isEmpty();
    }

    @Test
    void mintLinkWhenAccountDisabledThenRefusedAndNothingWritten() {
        User alice = world.account(UseCaseFixture.ALICE);
        world.users.update(alice.withStatus(UserStatus.DISABLED));

        assertThat(admin.mintLink(new MintRequest(Channel.EMAIL, "alice@example.com", null, null, false), CALLER))
                .isEqualTo(new MintOutcome.Refused(RefusalReason.DISABLED));
        assertThat(world.events(AuditEventType.SIGN_IN_LINK_MINTED)).isEmpty();
    }

    @Test
    void updateWhenDisablingThenEverySessionEndsNamingTheClientAndOnlyAnUpdateReactivates() {
        User alice = world.account(UseCaseFixture.ALICE);

        AccountOutcome disabled = admin.update(alice.id().value(), new AccountPatch("disabled", List.of("SUPPORT")),
                CALLER);

        assertThat(((AccountOutcome.Found) disabled).account().user().status()).isEqualTo(UserStatus.DISABLED);
        assertThat(((AccountOutcome.Found) disabled).account().user().roles()).containsExactly("SUPPORT");
        assertThat(world.events(AuditEventType.SESSIONS_REVOKED)).singleElement().satisfies(published -> {
            assertThat(published.event().reason()).isEqualTo(SessionEndReason.USER_DISABLED.key());
            assertThat(published.event().clientId()).isEqualTo("support-desk");
        });
        assertThat(world.events(AuditEventType.USER_UPDATED)).singleElement()
                .satisfies(published -> assertThat(published.event().reason()).isEqualTo("status:disabled,roles"));
        admin.update(alice.id().value(), new AccountPatch("ACTIVE", null), CALLER);
        assertThat(world.users.findById(alice.id()).orElseThrow().active()).isTrue();
        assertThat(world.events(AuditEventType.SESSIONS_REVOKED)).hasSize(1);
    }

    @Test
    void updateWhenStatusOrRoleUnknownOrAccountMissingThenSaysWhich() {
        User alice = world.account(UseCaseFixture.ALICE);

        assertThat(admin.update(alice.id().value(), new AccountPatch("suspended", null), CALLER))
                .isEqualTo(new AccountOutcome.Invalid("status", "status must be active or disabled."));
        assertThat(admin.update(alice.id().value(), new AccountPatch(null, List.of("A,B")), CALLER))
                .isInstanceOf(AccountOutcome.Invalid.class);
        assertThat(admin.update("no-such-user", new AccountPatch("disabled", null), CALLER))
                .isEqualTo(new AccountOutcome.NotFound());
        assertThat(world.users.findById(alice.id()).orElseThrow().active()).isTrue();
    }

    @Test
    void eraseWhenAccountHasRowsEverywhereThenTheyGoAndItsEventsKeepOnlyItsId() {
        MintOutcome.Minted minted = (MintOutcome.Minted) admin.mintLink(
                new MintRequest(Channel.EMAIL, "alice@example.com", null, null, false), CALLER);
        User alice = world.users.findByIdentifier(UseCaseFixture.ALICE).orElseThrow();
        redemption.link(minted.token().reveal(), Proof.from(Harness.REQUESTER), null);
        world.apiSessions.create(new ApiSession("sid-1", alice.id(), AuthMethod.LINK, world.clock.instant(), null),
                new RefreshToken(Challenges.randomDigest(), "sid-1", world.clock.instant(),
                        world.clock.instant().plus(Duration.ofDays(1)), null));
        oidc.saveConsent(new OidcConsent("shop", alice.id(), Set.of("SCOPE_openid")));
        trail.append(new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, alice.id(), UseCaseFixture.ALICE, "203.0.113.7",
                "Mozilla/5.0", world.clock.instant(), "link"));

        assertThat(admin.erase(alice.id().value(), CALLER)).isTrue();

        assertThat(world.users.findById(alice.id())).isEmpty();
        assertThat(world.challenges.size()).isZero();
        assertThat(oidc.findConsent("shop", alice.id())).isEmpty();
        assertThat(world.apiSessions.findSession("sid-1")).isEmpty();
        assertThat(trail.findRecent(10)).singleElement().isEqualTo(new AuditEvent(AuditEventType.LOGIN_SUCCEEDED,
                alice.id(), null, null, null, world.clock.instant(), "link"));
        assertThat(world.events(AuditEventType.USER_ERASED)).singleElement()
                .satisfies(published -> assertThat(published.event().clientId()).isEqualTo("support-desk"));
        assertThat(admin.erase(alice.id().value(), CALLER)).isFalse();
    }

    @Test
    void eventsWhenFiltersAreBadThenSaysWhichElseAPageWithItsCursor() {
        for (int i = 0; i < 3; i++) {
            trail.append(new AuditEvent(AuditEventType.LOGOUT, null, null, null, null, world.clock.instant(), null));
            world.clock.advance(Duration.ofSeconds(1));
        }

        assertThat(admin.events(null, null, null, "0", CALLER)).isInstanceOf(EventsOutcome.Invalid.class);
        assertThat(admin.events(null, null, null, "201", CALLER)).isInstanceOf(EventsOutcome.Invalid.class);
        assertThat(admin.events(null, null, "12-x", null, CALLER))
                .isEqualTo(new EventsOutcome.Invalid("after", "after must be the next cursor of an earlier page."));
        assertThat(admin.events(null, "NOPE", null, null, CALLER)).isInstanceOf(EventsOutcome.Invalid.class);
        EventsOutcome.Listed first = (EventsOutcome.Listed) admin.events(null, "logout", null, "2", CALLER);
        assertThat(first.page().events()).hasSize(2);
        AuditQuery.Position next = first.page().next();
        assertThat(next).isNotNull();
        EventsOutcome.Listed last = (EventsOutcome.Listed) admin.events(null, "LOGOUT", next.cursor(), "2", CALLER);
        assertThat(last.page().events()).hasSize(1);
        assertThat(last.page().next()).isNull();
        assertThat(world.events(AuditEventType.AUDIT_EVENTS_READ)).hasSize(2);
    }
}
