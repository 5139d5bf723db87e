package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.KeptSession;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.testing.Harness;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 13, one user, one set of sessions: whatever ends a user's sessions ends them on both
 * surfaces, page and API; a refresh re-checks the account; an API session ends after
 * {@code tokens.session-max-age} whatever its refreshes.
 */
class Rule13OneSetOfSessionsTest {
    private static final String EMAIL = "ada@example.com";

    private final InMemoryApiSessionStore apiStore = new InMemoryApiSessionStore();
    private final Pages pages = new Pages();
    private final AtomicBoolean policyAllows = new AtomicBoolean(true);
    private final Harness h = new Harness(Harness.Stores.inMemory(), s -> { }, b -> b.apiSessionStore(apiStore)
            .pageSessions(pages).loginPolicy(user -> policyAllows.get()));
    private final ApiSessions api = h.latchkey.apiSessions(Duration.ofDays(30));
    private final UserId ada = new UserId("ada");
    private final UserId bob = new UserId("bob");

    /** Page sessions as a web adapter would keep them: ids per user. */
    private static final class Pages implements PageSessions {
        private final Map<UserId, Set<String>> byUser = new HashMap<>();

        void open(UserId user, String id) {
            byUser.computeIfAbsent(user, u -> new HashSet<>()).add(id);
        }

        Set<String> of(UserId user) {
            return byUser.getOrDefault(user, Set.of());
        }

        @Override
        public int endAll(UserId user, @Nullable String keep) {
            Set<String> sessions = byUser.getOrDefault(user, new HashSet<>());
            int before = sessions.size();
            sessions.removeIf(id -> !id.equals(keep));
            return before - sessions.size();
        }
    }

    @BeforeEach
    void accounts() {
        h.stores.users().insert(User.create(ada, new EmailAddress(EMAIL), h.clock.instant()));
        h.stores.users().insert(User.create(bob, new EmailAddress("bob@example.com"), h.clock.instant()));
    }

    private boolean refreshes(ApiSessions.Issued issued) {
        return api.refresh(issued.refreshToken(), Harness.REQUESTER) instanceof ApiSessions.RefreshOutcome.Refreshed;
    }

    @Test
    void endAllWhenSignedOutEverywhereThenPageAndApiSessionsEndAndItIsAudited() {
        pages.open(ada, "page-1");
        pages.open(ada, "page-2");
        pages.open(bob, "page-bob");
        ApiSessions.Issued phone = api.start(ada, AuthMethod.LINK);
        ApiSessions.Issued bobs = api.start(bob, AuthMethod.LINK);

        assertThat(h.latchkey.sessions().endAll(ada, SessionEndReason.SIGN_OUT_EVERYWHERE)).isEqualTo(3);

        assertThat(pages.of(ada)).isEmpty();
        assertThat(api.active(phone.session().id())).isEmpty();
        assertThat(refreshes(phone)).isFalse();
        assertThat(pages.of(bob)).containsExactly("page-bob");
        assertThat(refreshes(bobs)).isTrue();
        assertThat(h.events).filteredOn(e -> e.type() == AuditEventType.SESSIONS_REVOKED)
                .extracting(AuditEvent::userId, AuditEvent::reason)
                .containsExactly(tuple(ada, "sign_out_everywhere"));
    }

    @Test
    void endAllExceptWhenKeepingThePageThatAskedThenOnlyThatPageStays() {
        pages.open(ada, "asking-page");
        pages.open(ada, "other-page");
        ApiSessions.Issued phone = api.start(ada, AuthMethod.LINK);

        h.latchkey.sessions().endAllExcept(ada, KeptSession.page("asking-page"), SessionEndReason.EMAIL_CHANGED);

        assertThat(pages.of(ada)).containsExactly("asking-page");
        assertThat(refreshes(phone)).isFalse();
    }

    @Test
    void endAllExceptWhenKeepingTheApiSessionThatAskedThenEveryPageEnds() {
        pages.open(ada, "page");
        ApiSessions.Issued asking = api.start(ada, AuthMethod.LINK);
        ApiSessions.Issued other = api.start(ada, AuthMethod.LINK);

        h.latchkey.sessions().endAllExcept(ada, KeptSession.api(asking.session().id()), SessionEndReason.EMAIL_CHANGED);

        assertThat(pages.of(ada)).isEmpty();
        assertThat(refreshes(other)).isFalse();
        assertThat(refreshes(asking)).isTrue();
    }

    @Test
    void disableUserWhenSignedInOnBothSurfacesThenBothEndAndTheAccountIsDisabled() {
        pages.open(ada, "page");
        ApiSessions.Issued phone = api.start(ada, AuthMethod.CODE);

        assertThat(h.latchkey.disableUser(ada)).isTrue();

        assertThat(h.stores.users().findById(ada).orElseThrow().status()).isEqualTo(UserStatus.DISABLED);
        assertThat(pages.of(ada)).isEmpty();
        assertThat(api.active(phone.session().id())).isEmpty();
        assertThat(refreshes(phone)).isFalse();
        assertThat(h.events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.SESSIONS_REVOKED);
            assertThat(e.reason()).isEqualTo("user_disabled");
        });
        assertThat(h.latchkey.disableUser(new UserId("nobody"))).isFalse();
    }

    @Test
    void refreshWhenAccountWasDisabledBehindTheEnginesBackThenRefusedAndEverySessionEnds() {
        pages.open(ada, "page");
        ApiSessions.Issued phone = api.start(ada, AuthMethod.LINK);
        ApiSessions.Issued laptop = api.start(ada, AuthMethod.LINK);
        h.stores.users().update(h.stores.users().findById(ada).orElseThrow().withStatus(UserStatus.DISABLED));

        assertThat(refreshes(phone)).isFalse();

        assertThat(api.active(laptop.session().id())).isEmpty();
        assertThat(pages.of(ada)).isEmpty();
    }

    @Test
    void refreshWhenLoginPolicyVetoesThenRefusedAndEverySessionEnds() {
        pages.open(ada, "page");
        ApiSessions.Issued phone = api.start(ada, AuthMethod.LINK);
        ApiSessions.Issued laptop = api.start(ada, AuthMethod.LINK);
        assertThat(refreshes(phone)).isTrue();
        policyAllows.set(false);

        assertThat(refreshes(laptop)).isFalse();

        assertThat(pages.of(ada)).isEmpty();
        policyAllows.set(true);
        assertThat(refreshes(laptop)).as("the veto ended the session for good").isFalse();
    }

    @Test
    void signInWhenLoginPolicyVetoesThenTheAccountsSessionsEnd() {
        pages.open(ada, "page");
        ApiSessions.Issued phone = api.start(ada, AuthMethod.LINK);
        String token = h.requestAndDeliver(EMAIL).token();
        policyAllows.set(false);

        RedemptionOutcome outcome = h.latchkey.redeemLink(token, h.proof());

        assertThat(outcome).isInstanceOf(RedemptionOutcome.Refused.class);
        assertThat(pages.of(ada)).isEmpty();
        assertThat(api.active(phone.session().id())).isEmpty();
    }

    @Test
    void refreshWhenSessionMaxAgePassedThenRefusedWhateverItsRefreshes() {
        ApiSessions.Issued current = api.start(ada, AuthMethod.LINK);
        String sessionId = current.session().id();
        for (int i = 0; i < 4; i++) {
            h.clock.advance(Duration.ofDays(20));
            ApiSessions.RefreshOutcome outcome = api.refresh(current.refreshToken(), Harness.REQUESTER);
            assertThat(outcome).isInstanceOf(ApiSessions.RefreshOutcome.Refreshed.class);
            current = ((ApiSessions.RefreshOutcome.Refreshed) outcome).issued();
        }
        assertThat(current.refreshExpiresAt()).as("never past the session's end")
                .isEqualTo(h.clock.instant().minus(Duration.ofDays(80)).plus(Duration.ofDays(90)));

        h.clock.advance(Duration.ofDays(10));

        assertThat(refreshes(current)).isFalse();
        assertThat(api.active(sessionId)).isEmpty();
    }
}
