package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SPEC §2 rules 9 and 16: a message carries one link, from {@code base-url}, and one code, both of its challenge. */
class Rule16OneLinkOneCodeTest {
    private static final Pattern TOKENS = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Test
    void messageWhenRenderedThenHoldsOnlyItsOwnLinkTokenAndCode() {
        Harness h = Harness.inMemory(s -> s.baseUrl("https://login.example.com"));
        SentMessage sent = h.requestAndDeliver("ada@example.com");
        OutgoingMessage message = sent.message();

        assertThat(sent.link()).isEqualTo("https://login.example.com/login/link/" + sent.token());
        for (String body : new String[] {message.text(), message.html()}) {
            Matcher tokens = TOKENS.matcher(body);
            while (tokens.find()) {
                assertThat(tokens.group()).isEqualTo(sent.token());
            }
            assertThat(body).contains(sent.code()).contains("If this wasn't you, ignore this message")
                    .contains("10 minutes").contains("203.0.113.7").contains("Firefox on Linux");
        }
        assertThat(message.subject()).isEqualTo("Your sign-in link");
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }
}
