package dev.latchkey.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SupportedLocalesTest {
    private final SupportedLocales enDe = SupportedLocales.of(List.of("en", " de"));

    @Test
    void firstMatchWhenFirstIsUnsupportedThenTheNextSupportedOneWins() {
        assertThat(enDe.firstMatch(List.of(Locale.FRENCH, Locale.forLanguageTag("de-AT"), Locale.ENGLISH)))
                .contains(Locale.GERMAN);
    }

    @Test
    void firstMatchWhenNoneSupportedOrUnparseableThenEmpty() {
        assertThat(enDe.firstMatch(List.of(Locale.forLanguageTag("klingon!!"), Locale.JAPANESE))).isEmpty();
        assertThat(enDe.match(null)).isEmpty();
    }

    @Test
    void ofWhenATagIsNotALanguageThenNamesTheSetting() {
        assertThatThrownBy(() -> LatchkeyConfig.builder().secret("x".repeat(32)).locales(List.of("en", "")).build())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.locales must list language tags, e.g. en,de (was [en, ])");
    }
}
