package dev.latchkey.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.testing.Harness;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Refresh-token rotation and reuse detection (SPEC §5). */
class ApiSessionsTest {
    private final InMemoryApiSessionStore store = new InMemoryApiSessionStore();
    private final Harness h = new Harness(Harness.Stores.inMemory(), s -> { }, b -> b.apiSessionStore(store));
    private final ApiSessions sessions = h.latchkey.apiSessions(Duration.ofDays(30));
    private final UserId ada = new UserId("ada");

    @BeforeEach
    void adaHasAnAccount() {
        h.stores.users().insert(User.create(ada, new EmailAddress("ada@example.com"), h.clock.instant()));
    }

    @Test
    void refreshWhenTokenIsCurrentThenANewOneReplacesIt() {
        ApiSessions.Issued first = sessions.start(ada, AuthMethod.LINK);
        ApiSessions.RefreshOutcome outcome = sessions.refresh(first.refreshToken(), Harness.REQUESTER);

        assertThat(outcome).isInstanceOf(ApiSessions.RefreshOutcome.Refreshed.class);
        ApiSessions.Issued second = ((ApiSessions.RefreshOutcome.Refreshed) outcome).issued();
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.session().id()).isEqualTo(first.session().id());
        assertThat(sessions.refresh(second.refreshToken(), Harness.REQUESTER))
                .isInstanceOf(ApiSessions.RefreshOutcome.Refreshed.class);
    }

    @Test
    void refreshWhenReplacedTokenIsReusedThenWholeSessionEndsAndReuseIsAudited() {
        ApiSessions.Issued first = sessions.start(ada, AuthMethod.CODE);
        ApiSessions.Issued second = ((ApiSessions.RefreshOutcome.Refreshed) sessions.refresh(first.refreshToken(),
                Harness.REQUESTER)).issued();

        assertThat(sessions.refresh(first.refreshToken(), Harness.REQUESTER))
                .isInstanceOf(ApiSessions.RefreshOutcome.ReuseDetected.class);
        assertThat(sessions.refresh(second.refreshToken(), Harness.REQUESTER))
                .isInstanceOf(ApiSessions.RefreshOutcome.Invalid.class);
        assertThat(sessions.active(first.session().id())).isEmpty();
        assertThat(h.count(AuditEventType.REFRESH_REUSE_DETECTED)).isEqualTo(1);
    }

    @Test
    void refreshWhenExpiredOrUnknownThenInvalid() {
        ApiSessions.Issued issued = sessions.start(ada, AuthMethod.LINK);
        assertThat(sessions.refresh("x".repeat(43), Harness.REQUESTER)).isInstanceOf(ApiSessions.RefreshOutcome.Invalid.class);
        h.clock.advance(Duration.ofDays(30));
        assertThat(sessions.refresh(issued.refreshToken(), Harness.REQUESTER))
                .isInstanceOf(ApiSessions.RefreshOutcome.Invalid.class);
    }

    @Test
    void endAllWhenKeepingOneSessionThenOnlyThatOneStaysActive() {
        ApiSessions.Issued phone = sessions.start(ada, AuthMethod.LINK);
        ApiSessions.Issued laptop = sessions.start(ada, AuthMethod.LINK);
        ApiSessions.Issued other = sessions.start(new UserId("bob"), AuthMethod.LINK);

        assertThat(h.latchkey.sessions().endAllExcept(ada, KeptSession.api(laptop.session().id()),
                SessionEndReason.EMAIL_CHANGED)).isEqualTo(1);
        assertThat(sessions.active(phone.session().id())).isEmpty();
        assertThat(sessions.active(laptop.session().id())).isPresent();
        assertThat(sessions.active(other.session().id())).isPresent();
    }

    @Test
    void issuedWhenPrintedThenHidesTheRefreshToken() {
        ApiSessions.Issued issued = sessions.start(ada, AuthMethod.LINK);
        assertThat(issued.toString()).doesNotContain(issued.refreshToken());
    }
}
