package dev.latchkey.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.LatchkeyConfig.SmsSettings;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Normalisation of SPEC §1 and the header-injection guard of SPEC §2 rule 15. */
class IdentifierParserTest {
    private final IdentifierParser parser = new IdentifierParser(EmailNormalizer.identity(), new SmsSettings(null, Set.of()));

    private static String valid(IdentifierCheck check) {
        assertThat(check).isInstanceOf(IdentifierCheck.Valid.class);
        return ((IdentifierCheck.Valid) check).identifier().value();
    }

    @Test
    void emailWhenMixedCaseWithSpacesThenTrimmedAndLowerCased() {
        assertThat(valid(parser.email("  Ada.Lovelace+tag@Example.COM \t"))).isEqualTo("ada.lovelace+tag@example.com");
    }

    @Test
    void emailWhenDomainIsInternationalThenPunycode() {
        assertThat(valid(parser.email("Juergen@Bücher.de"))).isEqualTo("juergen@xn--bcher-kva.de");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ada@example.com\r\nBcc: victim@example.com", "ada@example.com\nX: y", "ada\r@example.com",
            "\"quoted\"@example.com", "ada@@example.com", "ada", "@example.com", "ada@", "ada@example",
            "a b@example.com", "ada@exa_mple.com", "ada..x@example.com", ".ada@example.com", "ada@-example.com",
            "ada@example.123", "ada@[127.0.0.1]", "ada@example.com,bob@example.com", "<ada@example.com>", "jürgen@example.com"})
    void emailWhenOutsideAddrSpecThenInvalid(String input) {
        assertThat(parser.email(input)).isInstanceOf(IdentifierCheck.Invalid.class)
                .extracting(c -> ((IdentifierCheck.Invalid) c).field()).isEqualTo("email");
    }

    @Test
    void emailWhenLongerThan254ThenInvalidWithReason() {
        String address = "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(3) + "c".repeat(10) + ".com";
        assertThat(address.length()).isGreaterThan(254);
        assertThat(parser.email(address))
                .isEqualTo(new IdentifierCheck.Invalid("email", "An email address can be at most 254 characters long.",
                        "latchkey.invalid.email.length"));
    }

    @Test
    void emailWhenLineBreakThenReasonSaysSo() {
        assertThat(parser.email("ada@example.com\r\nBcc: x@example.com")).isEqualTo(new IdentifierCheck.Invalid("email",
                "An email address cannot contain line breaks or control characters.", "latchkey.invalid.email.control"));
    }

    @Test
    void emailWhenNormalizerReturnsInvalidAddressThenInvalid() {
        IdentifierParser rewriting = new IdentifierParser(a -> Optional.of("not an address"), new SmsSettings(null, Set.of()));
        assertThat(rewriting.email("ada@example.com")).isInstanceOf(IdentifierCheck.Invalid.class);
    }

    @Test
    void phoneWhenInternationalFormatThenE164() {
        assertThat(valid(parser.phone("+1 (415) 555-2671"))).isEqualTo("+14155552671");
    }

    @Test
    void phoneWhenNationalWithoutDefaultRegionThenAsksForCountryCode() {
        assertThat(parser.phone("(415) 555-2671")).isEqualTo(new IdentifierCheck.Invalid("phone",
                "Enter the number with its country code, like +44 7700 900123.", "latchkey.invalid.phone.country.code"));
    }

    @Test
    void phoneWhenNationalWithDefaultRegionThenE164() {
        IdentifierParser us = new IdentifierParser(EmailNormalizer.identity(), new SmsSettings("us", Set.of()));
        assertThat(valid(us.phone("(415) 555-2671"))).isEqualTo("+14155552671");
    }

    @Test
    void phoneWhenNotARealNumberThenInvalid() {
        assertThat(parser.phone("+1 000 000 0000")).isEqualTo(new IdentifierCheck.Invalid("phone", "This is not a valid phone number.",
                "latchkey.invalid.phone.number"));
    }

    @Test
    void phoneWhenCountryNotAllowedThenInvalid() {
        IdentifierParser gbOnly = new IdentifierParser(EmailNormalizer.identity(), new SmsSettings(null, Set.of("gb")));
        assertThat(gbOnly.phone("+1 415 555 2671"))
                .isEqualTo(new IdentifierCheck.Invalid("phone", "Text messages to this country are not available.",
                        "latchkey.invalid.phone.country"));
        assertThat(valid(gbOnly.phone("+44 20 7946 0018"))).isEqualTo("+442079460018");
    }

    /** SPEC §2 rule 20: numbers that bill their sender are refused like a country that is not allowed. */
    @ParameterizedTest
    @ValueSource(strings = {"+44 909 879 0000", "+1 900 234 5678", "+33 8 10 12 34 56", "+49 180 1 234567"})
    void phoneWhenPremiumRateOrSharedCostThenInvalid(String number) {
        assertThat(parser.phone(number)).isEqualTo(new IdentifierCheck.Invalid("phone",
                "Text messages to premium-rate or shared-cost numbers are not available.", "latchkey.invalid.phone.premium"));
    }

    @Test
    void maskedWhenPrintedThenHidesMostOfTheIdentifier() {
        assertThat(new EmailAddress("ada@example.com").toString()).isEqualTo("a***@example.com");
        assertThat(new PhoneNumber("+14155552671").toString()).isEqualTo("+14*******71");
    }
}
