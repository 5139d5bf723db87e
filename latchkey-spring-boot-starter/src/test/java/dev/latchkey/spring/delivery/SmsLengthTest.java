package dev.latchkey.spring.delivery;

import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.delivery.DefaultMessageTemplates;
import dev.latchkey.core.delivery.MessageContext;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.identity.PhoneNumber;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.DefaultResourceLoader;

/** SPEC §4.2: without its link, the SMS fits one GSM-7 segment and ends with the origin-bound line. */
class SmsLengthTest {
    /** GSM 03.38 basic character set, one septet each (the escape character left out). */
    private static final String GSM7_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** GSM 03.38 extension table, two septets each (escape plus the character). */
    private static final String GSM7_EXTENDED = "\f^{}\\[~]|€";
    private static final int ONE_SEGMENT = 160;

    static Stream<Arguments> templates() {
        ThymeleafMessageTemplates thymeleaf = new ThymeleafMessageTemplates(new DefaultResourceLoader());
        return Stream.of(Arguments.of("DefaultMessageTemplates", new DefaultMessageTemplates(), Locale.ENGLISH,
                        "Your Latchkey code is " + CODE),
                Arguments.of("ThymeleafMessageTemplates", thymeleaf, Locale.ENGLISH, "Your Latchkey code is " + CODE),
                Arguments.of("ThymeleafMessageTemplates in German", thymeleaf, Locale.GERMAN,
                        "Ihr Latchkey-Code lautet " + CODE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void renderWhenSmsWithoutLinkThenOneGsm7SegmentEndingWithOriginLine(String name, MessageTemplates templates,
                                                                        Locale locale, String opening) {
        MessageContext context = Messages.context(Purpose.LOGIN, new PhoneNumber("+447911123456"), "Latchkey", locale);

        String text = templates.render(context).text();
        String withoutLink = text.replace(" " + LINK, "");

        assertThat(text).startsWith(opening).contains(LINK);
        assertThat(withoutLink).doesNotContain(LINK).endsWith("\n\n@app.example.com #" + CODE);
        assertThat(gsm7Septets(withoutLink)).isLessThanOrEqualTo(ONE_SEGMENT);
    }

    /** The septets {@code text} takes in GSM-7; fails on a character GSM-7 cannot carry, which would force UCS-2. */
    private static int gsm7Septets(String text) {
        int septets = 0;
        for (char ch : text.toCharArray()) {
            if (GSM7_BASIC.indexOf(ch) >= 0) {
                septets += 1;
            } else if (GSM7_EXTENDED.indexOf(ch) >= 0) {
                septets += 2;
            } else {
                throw new AssertionError("not a GSM-7 character: U+" + String.format("%04X", (int) ch));
            }
        }
        return septets;
    }
}
