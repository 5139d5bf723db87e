package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.SignInStoreContract;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.webhook.Webhook;
import dev.latchkey.core.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fused statements of the sign-in hot path, held to the contract the engine's own store meets. */
class PostgresSignInStoreTest extends SignInStoreContract {
    private TestStores db;

    @Override
    protected Harness.Stores stores() {
        db = TestDatabases.postgres();
        return JdbcHarness.fused(db);
    }

    @Override
    protected Harness.Stores stores(Webhooks webhooks) {
        db = TestDatabases.postgres();
        return JdbcHarness.fused(db, webhooks);
    }

    @Test
    void signInWhenAnotherProcessCreatedTheAccountFirstThenItsIdIsInTheWebhookBody() {
        Raced raced = accountCreatedByAnotherProcess();
        Webhooks webhooks = new Webhooks(List.of(Webhook.of(0, "https://hooks.example/latchkey",
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Set.of(AuditEventType.LOGIN_SUCCEEDED))), new SecureRandom());

        new PostgresSignInStore(db.transactions(), true, webhooks).signIn(raced.rows());

        assertThat(db.outbox().claimDue(raced.now(), 10, Duration.ofMinutes(1)))
                .filteredOn(entry -> entry.kind() == OutboxKind.WEBHOOK).singleElement()
                .satisfies(entry -> assertThat(entry.webhook().body()).contains("\"user_id\":\"" + raced.first().value() + "\"")
                        .doesNotContain(raced.rows().userId().value()));
    }

    @Test
    void signInWhenAnotherProcessCreatedTheAccountFirstThenItIsTheOneSignedInTo() {
        Raced raced = accountCreatedByAnotherProcess();

        Optional<UserId> signedIn = new PostgresSignInStore(db.transactions(), true).signIn(raced.rows());

        assertThat(signedIn).contains(raced.first());
        assertThat(db.audit().findRecent(10)).filteredOn(e -> e.type() == AuditEventType.LOGIN_SUCCEEDED)
                .singleElement().satisfies(e -> assertThat(e.userId()).isEqualTo(raced.first()));
    }

    /** A new identifier's redemption, whose account another process created after the challenge was read. */
    private record Raced(UserId first, SignInStore.SignInRows rows, Instant now) {}

    private Raced accountCreatedByAnotherProcess() {
        Harness h = new Harness(stores(), s -> { }, b -> { });
        RequestOutcome.Accepted accepted = h.request("ada@example.com");
        UserId first = h.stores.users().createIfAbsent(new EmailAddress("ada@example.com"),
                UserId.generate(new SecureRandom(), h.clock.millis()), h.clock.instant()).id();
        UserId candidate = UserId.generate(new SecureRandom(), h.clock.millis());
        AuditEvent audit = new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, candidate, new EmailAddress("ada@example.com"),
                Harness.REQUESTER.ip(), null, h.clock.instant(), "link");
        return new Raced(first, new SignInStore.SignInRows(accepted.requestId(), h.clock.instant(),
                new EmailAddress("ada@example.com"), Purpose.LOGIN, candidate, true, List.of(), audit, null,
                        Locale.ENGLISH),
                h.clock.instant());
    }
}
