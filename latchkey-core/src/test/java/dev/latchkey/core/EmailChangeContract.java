package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.Race;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Email change on every set of stores (SPEC §2 rule 5, §5): one user's pending change to an address
 * never revokes another's, the unique constraint decides at confirmation, and racing confirmations
 * change the address and queue the notice to the old one once. That a failure changes nothing
 * needs transactions: JDBC's {@code JdbcEmailChangeTransactionTest}.
 */
public abstract class EmailChangeContract {
    private static final EmailAddress NEW = new EmailAddress("ada@new.example");

    /** Fresh, empty stores for one test. */
    protected abstract Harness.Stores stores();

    @Test
    void confirmWhenTwoUsersAskedForOneAddressThenFirstChangesAndSecondIsTaken() {
        Harness h = new Harness(stores(), s -> { }, b -> { });
        User ada = signedIn(h, "ada@example.com");
        User bob = signedIn(h, "bob@example.com");
        SentMessage adas = requestChange(h, ada.id(), "shared@example.com");
        SentMessage bobs = requestChange(h, bob.id(), "shared@example.com");

        assertThat(h.latchkey.confirmEmailChange(adas.token(), h.proof()))
                .as("bob's request left ada's pending").isInstanceOf(EmailChangeOutcome.Changed.class);
        assertThat(h.latchkey.confirmEmailChange(bobs.token(), h.proof())).isEqualTo(new EmailChangeOutcome.Taken());

        assertThat(h.stores.users().findById(ada.id()).orElseThrow().email())
                .isEqualTo(new EmailAddress("shared@example.com"));
        assertThat(h.stores.users().findById(bob.id()).orElseThrow().email()).isEqualTo(bob.email());
        assertThat(h.count(AuditEventType.EMAIL_CHANGED)).isEqualTo(1);
    }

    @Test
    void requestWhenSameUserAsksAgainThenOnlyTheirOlderChangeIsRevoked() {
        Harness h = new Harness(stores(), s -> { }, b -> { });
        User ada = signedIn(h, "ada@example.com");
        SentMessage older = requestChange(h, ada.id(), NEW.value());
        SentMessage newer = requestChange(h, ada.id(), NEW.value());

        assertThat(h.latchkey.confirmEmailChange(older.token(), h.proof()))
                .isEqualTo(new EmailChangeOutcome.Failed(new RedemptionOutcome.Revoked()));
        assertThat(h.latchkey.confirmEmailChange(newer.token(), h.proof())).isInstanceOf(EmailChangeOutcome.Changed.class);
    }

    @Test
    void confirmWhenTenConfirmAtOnceThenExactlyOneChangesAndOneNoticeIsQueued() throws Exception {
        Harness h = new Harness(stores(), s -> { }, b -> { });
        User ada = signedIn(h, "ada@example.com");
        SentMessage confirmation = requestChange(h, ada.id(), NEW.value());
        Challenge change = pendingChange(h);

        List<EmailChangeOutcome> outcomes = Race.run(10, () -> h.latchkey.confirmEmailChange(confirmation.token(), h.proof()));

        assertThat(outcomes).filteredOn(EmailChangeOutcome.Changed.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof EmailChangeOutcome.Changed))
                .containsOnly(new EmailChangeOutcome.Failed(new RedemptionOutcome.Spent()));
        assertThat(h.stores.outbox().findByChallenge(change.id())).extracting(OutboxEntry::kind)
                .containsOnlyOnce(OutboxKind.EMAIL_CHANGED_NOTICE);
    }

    /** Signs {@code email} in by link, after the resend delay. */
    public static User signedIn(Harness h, String email) {
        h.clock.advance(Duration.ofSeconds(61));
        SentMessage sent = h.requestAndDeliver(email);
        return ((RedemptionOutcome.SignedIn) h.latchkey.redeemLink(sent.token(), h.proof())).user();
    }

    /** Asks to change {@code user}'s address to {@code newEmail} and delivers the confirmation. */
    public static SentMessage requestChange(Harness h, UserId user, String newEmail) {
        h.clock.advance(Duration.ofSeconds(61));
        assertThat(h.latchkey.requestSignIn(SignInRequest.changeEmail(user, newEmail, Harness.REQUESTER)))
                .isInstanceOf(RequestOutcome.Accepted.class);
        h.latchkey.deliveryWorker().drain();
        return h.mail.last();
    }

    /** The pending change to {@link #NEW}, still unspent. */
    public static Challenge pendingChange(Harness h) {
        Challenge challenge = h.stores.challenges().findNewestPending(NEW, Purpose.CHANGE_EMAIL, h.clock.instant())
                .orElseThrow(() -> new AssertionError("the change is no longer pending"));
        assertThat(challenge.state()).isEqualTo(ChallengeState.PENDING);
        return challenge;
    }
}
