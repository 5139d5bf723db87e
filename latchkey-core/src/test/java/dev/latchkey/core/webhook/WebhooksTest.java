package dev.latchkey.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserId;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhooksTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Instant AT = Instant.parse("2030-01-01T09:00:00.123Z");

    @Test
    void entriesForWhenSignInThenOneCallPerReceivingWebhookWithMethodAndNoIdentifier() {
        Webhooks webhooks = webhooks(Webhook.of(0, "https://a.example/hooks", SECRET, Set.of()),
                Webhook.of(1, "https://b.example/hooks", SECRET, Set.of(AuditEventType.LOGIN_FAILED)));
        AuditEvent event = new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, new UserId("u-1"),
                new EmailAddress("ada@example.com"), "203.0.113.7", "Firefox \"128\"\n", AT, "otp");

        List<OutboxEntry> entries = webhooks.entriesFor(event);

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(OutboxKind.WEBHOOK);
            assertThat(entry.state()).isEqualTo(OutboxState.PENDING);
            assertThat(entry.nextAttemptAt()).isEqualTo(AT);
            assertThat(entry.id()).matches("msg_[A-Za-z0-9_-]{22}");
            assertThat(entry.webhook()).isEqualTo(new OutboxEntry.WebhookCall(URI.create("https://a.example/hooks"),
                    "{\"id\":\"" + entry.id() + "\",\"type\":\"LOGIN_SUCCEEDED\",\"occurred_at\":\"2030-01-01T09:00:00.123Z\","
                            + "\"data\":{\"user_id\":\"u-1\",\"method\":\"code\",\"ip\":\"203.0.113.7\","
                            + "\"user_agent\":\"Firefox \\\"128\\\"\\u000a\"}}"));
        });
    }

    @Test
    void entriesForWhenEventsFilteredThenOnlyTheirTypesAndReasonAsReason() {
        Webhooks webhooks = webhooks(Webhook.of(0, "https://b.example/hooks", SECRET,
                Set.of(AuditEventType.LOGIN_FAILED, AuditEventType.IDENTIFIER_LOCKED)));

        assertThat(webhooks.entriesFor(new AuditEvent(AuditEventType.LOGIN_REQUESTED, null,
                new EmailAddress("ada@example.com"), "203.0.113.7", null, AT, null))).isEmpty();
        assertThat(webhooks.entriesFor(new AuditEvent(AuditEventType.LOGIN_FAILED, null, null, null, null, AT,
                "wrong_code"))).singleElement().satisfies(entry -> assertThat(entry.webhook().body())
                .isEqualTo("{\"id\":\"" + entry.id() + "\",\"type\":\"LOGIN_FAILED\","
                        + "\"occurred_at\":\"2030-01-01T09:00:00.123Z\",\"data\":{\"user_id\":null,\"reason\":\"wrong_code\"}}"));
    }

    @Test
    void entriesForWhenAnAdminClientActedThenTheBodyNamesNeitherTheClientNorTheAddress() {
        Webhooks webhooks = webhooks(Webhook.of(0, "https://a.example/hooks", SECRET, Set.of()));

        assertThat(webhooks.entriesFor(new AuditEvent(AuditEventType.SIGN_IN_LINK_MINTED, new UserId("u-1"),
                new EmailAddress("ada@example.com"), "198.51.100.4", null, AT, "handed_over", "support-desk")))
                .singleElement().satisfies(entry -> assertThat(entry.webhook().body())
                        .isEqualTo("{\"id\":\"" + entry.id() + "\",\"type\":\"SIGN_IN_LINK_MINTED\","
                                + "\"occurred_at\":\"2030-01-01T09:00:00.123Z\",\"data\":{\"user_id\":\"u-1\","
                                + "\"ip\":\"198.51.100.4\",\"reason\":\"handed_over\"}}"));
    }

    @Test
    void entriesForWhenTwoWebhooksThenEachCallHasItsOwnId() {
        Webhooks webhooks = webhooks(Webhook.of(0, "https://a.example/hooks", SECRET, Set.of()),
                Webhook.of(1, "https://b.example/hooks", SECRET, Set.of()));

        List<OutboxEntry> entries = webhooks.entriesFor(new AuditEvent(AuditEventType.LOGOUT, new UserId("u-1"), null,
                null, null, AT, null));

        assertThat(entries).extracting(OutboxEntry::id).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void constructorWhenSameUrlTwiceThenNamesBothProperties() {
        Webhook first = Webhook.of(0, "https://a.example/hooks", SECRET, Set.of());
        Webhook again = Webhook.of(1, "https://a.example/hooks", SECRET, Set.of(AuditEventType.LOGOUT));

        assertThatThrownBy(() -> webhooks(first, again)).isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[1].url is the URL of latchkey.webhooks[0]; list each receiver once,"
                        + " with every event it should get in its events");
    }

    @Test
    void ofWhenUrlNotAbsoluteHttpThenNamesThePropertyWithoutQuotingIt() {
        assertThatThrownBy(() -> Webhook.of(2, "ftp://a.example/hooks?key=secret", SECRET, Set.of()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[2].url must be an absolute http or https URL,"
                        + " e.g. https://hooks.example.com/latchkey (was <masked>)");
        assertThatThrownBy(() -> Webhook.of(2, null, SECRET, Set.of())).isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[2].url is required, e.g. https://hooks.example.com/latchkey");
    }

    @Test
    void ofWhenNoEventsThenReceivesEveryType() {
        Webhook all = Webhook.of(0, "https://a.example/hooks", SECRET, Set.of());

        assertThat(Set.of(AuditEventType.values())).allMatch(all::receives);
    }

    private static Webhooks webhooks(Webhook... hooks) {
        return new Webhooks(List.of(hooks), new SecureRandom());
    }
}
