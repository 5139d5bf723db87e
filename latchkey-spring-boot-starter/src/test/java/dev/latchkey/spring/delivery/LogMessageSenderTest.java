package dev.latchkey.spring.delivery;

import static dev.latchkey.spring.delivery.Messages.ADA;
import static dev.latchkey.spring.delivery.Messages.ADA_PHONE;
import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class LogMessageSenderTest {

    @Test
    void sendWhenEmailThenLogsMaskedRecipientOnly(CapturedOutput output) {
        SendResult result = new LogMessageSender(Channel.EMAIL)
                .send(new OutgoingMessage(ADA, "Your code is " + CODE, "Open " + LINK, "<b>" + CODE + "</b>"));

        assertThat(result).isEqualTo(new SendResult.Sent());
        assertThat(output.getAll())
                .contains("sign-in message to a***@example.com withheld from the log (latchkey.mail.transport=log)")
                .doesNotContain(LINK, CODE, "ada@example.com");
    }

    @Test
    void sendWhenSmsThenNamesTheSmsSetting(CapturedOutput output) {
        LogMessageSender sender = new LogMessageSender(Channel.SMS);

        sender.send(new OutgoingMessage(ADA_PHONE, null, "Your code is " + CODE + ". " + LINK, null));

        assertThat(sender.channel()).isEqualTo(Channel.SMS);
        assertThat(output.getAll()).contains("(latchkey.sms.provider=log)").doesNotContain(LINK, CODE, "+447700900123");
    }
}
