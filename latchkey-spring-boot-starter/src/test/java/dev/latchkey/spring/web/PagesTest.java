package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RefusalReason;
import java.time.Duration;
import java.util.ArrayList;
import dev.latchkey.spring.delivery.ThymeleafMessageTemplates;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;

class PagesTest {
    private static final MessageSource MESSAGES =
            ThymeleafMessageTemplates.messageSource(PagesTest.class.getClassLoader());

    /** Every way a redemption can fail has a page; a new outcome without one fails here, not in production. */
    @Test
    void problemWhenAnyFailureOutcomeThenHasStatusTitleAndSentence() throws Exception {
        List<RedemptionOutcome> failures = new ArrayList<>();
        for (Class<?> kind : RedemptionOutcome.class.getPermittedSubclasses()) {
            if (kind == RedemptionOutcome.SignedIn.class) {
                continue;
            }
            if (kind == RedemptionOutcome.WrongCode.class) {
                failures.add(new RedemptionOutcome.WrongCode(1));
            } else if (kind == RedemptionOutcome.Locked.class) {
                failures.add(new RedemptionOutcome.Locked(Duration.ofMinutes(3)));
            } else if (kind == RedemptionOutcome.Refused.class) {
                failures.add(new RedemptionOutcome.Refused(RefusalReason.DISABLED));
            } else {
                failures.add((RedemptionOutcome) kind.getDeclaredConstructor().newInstance());
            }
        }
        assertThat(failures).hasSize(RedemptionOutcome.class.getPermittedSubclasses().length - 1);
        for (RedemptionOutcome failure : failures) {
            assertThat(Pages.status(failure).is4xxClientError() || Pages.status(failure).is5xxServerError()).isTrue();
            assertThat(english(Pages.title(failure))).isNotBlank();
            assertThat(english(Pages.explain(failure))).isNotBlank().endsWith(".");
            assertThat(german(Pages.title(failure))).isNotBlank().isNotEqualTo(english(Pages.title(failure)));
            assertThat(german(Pages.explain(failure))).endsWith(".").isNotEqualTo(english(Pages.explain(failure)));
        }
        assertThat(english(Pages.explain(new RedemptionOutcome.WrongCode(1))))
                .isEqualTo("That code is not right. 1 attempt left.");
        assertThat(english(Pages.explain(new RedemptionOutcome.Locked(Duration.ofMinutes(3)))))
                .isEqualTo("Too many failed attempts. Try again in 3 minutes.");
        assertThat(german(Pages.explain(new RedemptionOutcome.WrongCode(4))))
                .isEqualTo("Dieser Code ist nicht richtig. Noch 4 Versuche.");
        assertThat(german(Pages.explain(new RedemptionOutcome.Locked(Duration.ofSeconds(1)))))
                .isEqualTo("Zu viele Fehlversuche. Versuchen Sie es in 1 Sekunde erneut.");
    }

    private static String english(MessageSourceResolvable message) {
        return MESSAGES.getMessage(message, Locale.ENGLISH);
    }

    private static String german(MessageSourceResolvable message) {
        return MESSAGES.getMessage(message, Locale.GERMAN);
    }
}
