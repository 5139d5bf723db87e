package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Email change on every set of stores (SPEC §2 rule 5, §5): spending the link, changing the address,
 * revoking and queuing the notice to the old address commit together, and one user's pending change
 * to an address never revokes another's; the unique constraint decides at confirmation.
 */
public abstract class EmailChangeContract {
    private static final EmailAddress NEW = new EmailAddress("ada@new.example");

    /** Fresh, empty stores for one test. */
    protected abstract Harness.Stores stores();

    @Test
    void confirmWhenNoticeCannotBeQueuedThenNothingChanges() {
        AtomicBoolean noticesFail = new AtomicBoolean(true);
        Harness.Stores stores = stores();
        Harness h = new Harness(new Harness.Stores(stores.challenges(), stores.users(),
                failingNotices(stores.outbox(), noticesFail), stores.throttles(), stores.transactions()), s -> { }, b -> { });
        User ada = signedIn(h, "ada@example.com");
        SentMessage confirmation = requestChange(h, ada.id(), NEW.value());

        assertThatThrownBy(() -> h.latchkey.confirmEmailChange(confirmation.token(), h.proof()))
                .isInstanceOf(IllegalStateException.class);

        assertThat(h.stores.users().findById(ada.id()).orElseThrow().email()).isEqualTo(ada.email());
        Challenge pending = pendingChange(h);
        assertThat(pending.uses()).isZero();
        assertThat(h.stores.outbox().findByChallenge(pending.id())).extracting(OutboxEntry::kind)
                .doesNotContain(OutboxKind.EMAIL_CHANGED_NOTICE);
        assertThat(h.count(AuditEventType.EMAIL_CHANGED)).isZero();

        noticesFail.set(false);
        assertThat(h.latchkey.confirmEmailChange(confirmation.token(), h.proof()))
                .isEqualTo(new EmailChangeOutcome.Changed(ada.withEmail(NEW), ada.email()));
    }

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

    /** {@code outbox}, except that queuing an email-change notice fails while {@code fail} is set. */
    private static OutboxStore failingNotices(OutboxStore outbox, AtomicBoolean fail) {
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(), new Class<?>[] {OutboxStore.class},
                (proxy, method, args) -> {
                    if (fail.get() && method.getName().equals("enqueue")
                            && ((OutboxEntry) args[0]).kind() == OutboxKind.EMAIL_CHANGED_NOTICE) {
                        throw new IllegalStateException("the outbox is down");
                    }
                    try {
                        return method.invoke(outbox, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
