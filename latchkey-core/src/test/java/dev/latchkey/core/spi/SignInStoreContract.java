package dev.latchkey.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.config.ResendPolicy;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import dev.latchkey.core.webhook.Webhook;
import dev.latchkey.core.webhook.WebhookSender;
import dev.latchkey.core.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a {@link SignInStore} must do, seen through the engine: the default one (calls on the other
 * stores) and the fused PostgreSQL one run the same tests. A refused request and a lost use write
 * nothing; a won use writes the account, revocations, failure reset, audit row and API session.
 */
public abstract class SignInStoreContract {
    private static final String ADA = "ada@example.com";
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** Fresh, empty stores for one test, with the sign-in store under test. */
    protected abstract Harness.Stores stores();

    /**
     * {@link #stores()} with a sign-in store that queues the calls of {@code webhooks} with the audit
     * rows it writes; the engine's own store needs nothing more, since its trail queues them.
     */
    protected Harness.Stores stores(Webhooks webhooks) {
        return stores();
    }

    @Test
    void everyAuditedStepWhenWebhooksConfiguredThenQueuesItsCallsForTheReceivingWebhooks() {
        Webhooks webhooks = new Webhooks(List.of(Webhook.of(0, "https://all.example/hooks", WEBHOOK_SECRET, Set.of()),
                Webhook.of(1, "https://sign-ins.example/hooks", WEBHOOK_SECRET, Set.of(AuditEventType.LOGIN_SUCCEEDED))),
                new SecureRandom());
        List<WebhookSender.Call> posted = new CopyOnWriteArrayList<>();
        Harness h = new Harness(stores(webhooks), s -> { }, b -> b.webhooks(webhooks, calls -> {
            posted.addAll(calls);
            return Collections.nCopies(calls.size(), new SendResult.Sent());
        }));
        SentMessage sent = h.requestAndDeliver(ADA);

        h.latchkey.exchangeLink(sent.token(), h.proof(), h.latchkey.apiSessions(Duration.ofDays(30)));
        h.latchkey.deliveryWorker().drain();

        String account = h.stores.users().findByIdentifier(new EmailAddress(ADA)).orElseThrow().id().value();
        assertThat(posted).filteredOn(call -> call.url().getHost().equals("all.example")).extracting(SignInStoreContract::type)
                .containsExactlyInAnyOrder("LOGIN_REQUESTED", "MESSAGE_SENT", "LOGIN_SUCCEEDED");
        assertThat(posted).filteredOn(call -> call.url().getHost().equals("sign-ins.example"))
                .singleElement().satisfies(call -> assertThat(call.body()).contains("\"type\":\"LOGIN_SUCCEEDED\"",
                        "\"user_id\":\"" + account + "\"", "\"method\":\"link\""));
        assertThat(posted).allSatisfy(call -> assertThat(call.body()).doesNotContain(ADA));
        assertThat(h.stores.outbox().claimDue(h.clock.instant().plus(Duration.ofDays(1)), 100, Duration.ofMinutes(1)))
                .isEmpty();
    }

    private static String type(WebhookSender.Call call) {
        Matcher type = Pattern.compile("\"type\":\"(\\w+)\"").matcher(call.body());
        assertThat(type.find()).isTrue();
        return type.group(1);
    }

    private Harness harness(Consumer<LatchkeyConfig.Builder> settings) {
        return new Harness(stores(), settings, b -> { });
    }

    @Test
    void requestWhenAdmittedThenChallengeOutboxEntryAndAuditEventWritten() {
        Harness h = harness(s -> { });

        RequestOutcome.Accepted accepted = h.request(ADA);

        assertThat(h.stores.challenges().findById(accepted.requestId())).get()
                .satisfies(c -> assertThat(c.state()).isEqualTo(ChallengeState.PENDING));
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId())).hasSize(1);
        assertThat(h.count(AuditEventType.LOGIN_REQUESTED)).isEqualTo(1);
    }

    @Test
    void requestWhenItNamesASupportedLocaleThenANewAccountAndLaterRequestsKeepIt() {
        Harness h = harness(s -> s.resendDelay(Duration.ZERO));
        RequestOutcome.Accepted german = accepted(h, List.of(Locale.forLanguageTag("de-AT")));
        h.latchkey.deliveryWorker().drain();

        h.latchkey.redeemLink(h.mail.last().token(), h.proof());

        EmailAddress ada = new EmailAddress(ADA);
        assertThat(h.stores.challenges().findById(german.requestId()).orElseThrow().locale()).isEqualTo(Locale.GERMAN);
        assertThat(h.stores.users().findByIdentifier(ada).orElseThrow().locale()).isEqualTo(Locale.GERMAN);
        RequestOutcome.Accepted namesNone = accepted(h, List.of());
        assertThat(h.stores.challenges().findById(namesNone.requestId()).orElseThrow().locale()).isEqualTo(Locale.GERMAN);
        RequestOutcome.Accepted unsupported = accepted(h, List.of(Locale.FRENCH));
        assertThat(h.stores.challenges().findById(unsupported.requestId()).orElseThrow().locale())
                .isEqualTo(Locale.GERMAN);
        assertThat(h.stores.users().findByIdentifier(ada).orElseThrow().locale()).isEqualTo(Locale.GERMAN);
    }

    @Test
    void requestWhenItNamesAnotherSupportedLocaleThenItReplacesTheStoredOneInTheSameWrite() {
        Harness h = harness(s -> s.resendDelay(Duration.ZERO));
        User ada = h.stores.users().createIfAbsent(new EmailAddress(ADA), new UserId("locale-ada"), h.clock.instant());
        h.stores.users().changeLocale(ada.id(), Locale.GERMAN);

        RequestOutcome.Accepted english = accepted(h, List.of(Locale.FRENCH, Locale.US));

        assertThat(h.stores.challenges().findById(english.requestId()).orElseThrow().locale()).isEqualTo(Locale.ENGLISH);
        assertThat(h.stores.users().findById(ada.id()).orElseThrow().locale()).isEqualTo(Locale.ENGLISH);
    }

    private static RequestOutcome.Accepted accepted(Harness h, List<Locale> locales) {
        RequestOutcome outcome = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, ADA, Harness.REQUESTER)
                .withLocales(locales));
        assertThat(outcome).isInstanceOf(RequestOutcome.Accepted.class);
        return (RequestOutcome.Accepted) outcome;
    }

    @Test
    void requestWhenThrottledThenNothingWrittenAndLaterWindowsNotCounted() {
        Harness h = harness(s -> s.resendDelay(Duration.ZERO).requestsPerIdentifier(Rate.parse("1/1h"))
                .requestsPerIp(Rate.parse("2/1h")));
        h.request(ADA);

        RequestOutcome refused = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, ADA, Harness.REQUESTER));

        assertThat(refused).isInstanceOf(RequestOutcome.Throttled.class);
        assertThat(h.count(AuditEventType.LOGIN_REQUESTED)).isEqualTo(1);
        // The IP window admitted it and counted; the identifier's refused it: a third address still fits the IP's 2.
        assertThat(h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "bob@example.com", Harness.REQUESTER)))
                .isInstanceOf(RequestOutcome.Throttled.class);
        h.clock.advance(Duration.ofHours(1));
        assertThat(h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "bob@example.com", Harness.REQUESTER)))
                .isInstanceOf(RequestOutcome.Accepted.class);
    }

    @Test
    void requestWhenOlderPendingThenItIsRevokedInTheSameWrite() {
        Harness h = harness(s -> s.resendDelay(Duration.ZERO));
        RequestOutcome.Accepted first = h.request(ADA);

        h.request(ADA);

        assertThat(h.stores.challenges().findById(first.requestId())).get()
                .satisfies(c -> assertThat(c.state()).isEqualTo(ChallengeState.REVOKED));
    }

    @Test
    void exchangeWhenNewIdentifierThenAccountSessionAndAuditWritten() {
        Harness h = harness(s -> { });
        SentMessage sent = h.requestAndDeliver(ADA);
        ApiSessions api = h.latchkey.apiSessions(Duration.ofDays(30));

        RedemptionOutcome outcome = h.latchkey.exchangeLink(sent.token(), h.proof(), api);

        assertThat(outcome).isInstanceOf(RedemptionOutcome.SignedIn.class);
        RedemptionOutcome.SignedIn signedIn = (RedemptionOutcome.SignedIn) outcome;
        User account = h.stores.users().findByIdentifier(new EmailAddress(ADA)).orElseThrow();
        assertThat(signedIn.user().id()).isEqualTo(account.id());
        assertThat(account.lastLoginAt()).isEqualTo(h.clock.instant());
        assertThat(signedIn.apiSession()).isNotNull();
        assertThat(h.stores.apiSessions().findSession(signedIn.apiSession().session().id())).get()
                .satisfies(s -> assertThat(s.userId()).isEqualTo(account.id()));
        assertThat(api.refresh(signedIn.apiSession().refreshToken(), Harness.REQUESTER))
                .isInstanceOf(ApiSessions.RefreshOutcome.Refreshed.class);
        assertThat(h.events).filteredOn(e -> e.type() == AuditEventType.LOGIN_SUCCEEDED)
                .singleElement().satisfies(e -> assertThat(e.userId()).isEqualTo(account.id()));
    }

    @Test
    void exchangeWhenAccountExistsThenItIsSignedInAndOtherChallengesRevoked() {
        Harness h = harness(s -> s.resendDelay(Duration.ZERO).resend(ResendPolicy.KEEP));
        UserId existing = h.stores.users().createIfAbsent(new EmailAddress(ADA), UserId.generate(
                new SecureRandom(), h.clock.millis()), h.clock.instant()).id();
        SentMessage first = h.requestAndDeliver(ADA);
        RequestOutcome.Accepted second = h.request(ADA);

        RedemptionOutcome outcome = h.latchkey.exchangeLink(first.token(), h.proof(),
                h.latchkey.apiSessions(Duration.ofDays(30)));

        assertThat(outcome).isInstanceOfSatisfying(RedemptionOutcome.SignedIn.class,
                s -> assertThat(s.user().id()).isEqualTo(existing));
        assertThat(h.stores.challenges().findById(second.requestId())).get()
                .satisfies(c -> assertThat(c.state()).isEqualTo(ChallengeState.REVOKED));
        assertThat(h.stores.users().findById(existing).orElseThrow().lastLoginAt()).isEqualTo(h.clock.instant());
    }

    @Test
    void exchangeWhenUseAlreadySpentThenNothingMoreWritten() {
        Harness h = harness(s -> { });
        SentMessage sent = h.requestAndDeliver(ADA);
        ApiSessions api = h.latchkey.apiSessions(Duration.ofDays(30));
        assertThat(h.latchkey.exchangeLink(sent.token(), h.proof(), api)).isInstanceOf(RedemptionOutcome.SignedIn.class);

        RedemptionOutcome again = h.latchkey.exchangeLink(sent.token(), h.proof(), api);

        assertThat(again).isInstanceOf(RedemptionOutcome.Spent.class);
        assertThat(h.count(AuditEventType.LOGIN_SUCCEEDED)).isEqualTo(1);
        UserId account = h.stores.users().findByIdentifier(new EmailAddress(ADA)).orElseThrow().id();
        assertThat(h.latchkey.sessions().endAll(account, SessionEndReason.SIGN_OUT_EVERYWHERE))
                .isEqualTo(1);
    }

    @Test
    void signInWhenFailuresCountedThenTheyAreForgotten() {
        Harness h = harness(s -> s.failuresPerIdentifier(Rate.parse("3/1h")));
        SentMessage sent = h.requestAndDeliver(ADA);
        String requestId = h.pendingRequestId(ADA);
        String wrong = sent.code().equals("000000") ? "111111" : "000000";
        h.latchkey.redeemCode(requestId, wrong, h.proof());
        h.latchkey.redeemCode(requestId, wrong, h.proof());

        assertThat(h.latchkey.redeemCode(requestId, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);

        // The two failures were forgotten: without that, the next round's second wrong code would lock the identifier.
        h.clock.advance(Duration.ofMinutes(2));
        SentMessage next = h.requestAndDeliver(ADA);
        String nextId = h.pendingRequestId(ADA);
        String nextWrong = next.code().equals("000000") ? "111111" : "000000";
        h.latchkey.redeemCode(nextId, nextWrong, h.proof());
        h.latchkey.redeemCode(nextId, nextWrong, h.proof());
        assertThat(h.latchkey.redeemCode(nextId, next.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void deliveryWhenHandedOverThenClaimedWithItsSecretsSentAndCompleted() {
        Harness h = harness(s -> { });
        RequestOutcome.Accepted accepted = h.request(ADA);

        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).isEqualTo(1);

        assertThat(h.stores.outbox().findByChallenge(accepted.requestId())).singleElement()
                .satisfies(entry -> assertThat(entry.state()).isEqualTo(OutboxState.SENT));
        assertThat(h.count(AuditEventType.MESSAGE_SENT)).isEqualTo(1);
        assertThat(h.latchkey.redeemLink(h.mail.last().token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void deliveryWhenAnotherWorkerSentTheHandedEntryFirstThenItIsNotSentAgain() {
        Harness h = harness(s -> { });
        h.request(ADA);
        Latchkey otherProcess = h.engine(h.config, b -> { });
        assertThat(otherProcess.deliveryWorker().drain()).isEqualTo(1);
        SentMessage delivered = h.mail.last();

        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).isZero();

        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.count(AuditEventType.MESSAGE_SENT)).isEqualTo(1);
        assertThat(h.latchkey.redeemLink(delivered.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }
}
