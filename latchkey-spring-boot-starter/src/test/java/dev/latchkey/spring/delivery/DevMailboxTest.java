package dev.latchkey.spring.delivery;

import static dev.latchkey.spring.delivery.Messages.ADA;
import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DevMailboxTest {
    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    private final DevMailbox mailbox = new DevMailbox(3, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MessageSender email = mailbox.senderFor(Channel.EMAIL);

    @Test
    void sendThenRecordsEveryPartWithTimeAndChannel() {
        SendResult result = email.send(Messages.email("Your sign-in link", "text " + LINK, "<p>" + CODE + "</p>"));

        assertThat(result).isEqualTo(new SendResult.Sent());
        assertThat(email.channel()).isEqualTo(Channel.EMAIL);
        assertThat(mailbox.messages()).containsExactly(new DevMailbox.Entry("ada@example.com", "Your sign-in link",
                "text " + LINK, "<p>" + CODE + "</p>", NOW, Channel.EMAIL));
    }

    @Test
    void messagesWhenSeveralSentThenNewestFirst() {
        send("first", "second", "third");

        assertThat(mailbox.messages()).extracting(DevMailbox.Entry::text).containsExactly("third", "second", "first");
    }

    @Test
    void messagesWhenCapacityReachedThenOldestDropped() {
        send("1", "2", "3", "4", "5");

        assertThat(mailbox.messages()).extracting(DevMailbox.Entry::text).containsExactly("5", "4", "3");
    }

    @Test
    void messagesThenCopyUnchangedByLaterSends() {
        send("1");
        var before = mailbox.messages();

        send("2");

        assertThat(before).hasSize(1);
    }

    @Test
    void clearThenEmpty() {
        send("1", "2");

        mailbox.clear();

        assertThat(mailbox.messages()).isEmpty();
    }

    @Test
    void entryToStringThenHidesBodies() {
        email.send(Messages.email("Your sign-in link", "text " + LINK + " " + CODE, "<a href=\"" + LINK + "\">" + CODE));

        String printed = mailbox.messages().get(0).toString();

        assertThat(printed).contains("ada@example.com").doesNotContain(LINK, CODE, "text", "href");
    }

    @Test
    void constructorWhenCapacityIsZeroThenRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DevMailbox(0)).withMessageContaining("capacity");
    }

    private void send(String... texts) {
        for (String text : texts) {
            email.send(new OutgoingMessage(ADA, "subject", text, null));
        }
    }
}
