package dev.latchkey.core.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.latchkey.core.config.LatchkeyConfig.SmsSettings;
import java.net.IDN;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns typed email addresses and phone numbers into {@link Identifier}s, or says why not.
 * Addresses are validated before anything else sees them, so no header can be injected (SPEC §2 rule 15).
 */
public final class IdentifierParser {
    private static final int MAX_EMAIL = 254;
    private static final int MAX_LOCAL = 64;
    // RFC 5322 dot-atom local part (atext); quoted local parts are refused as no real mailbox needs them.
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Numbers whose texts the sender may pay a third party for, the bait of SMS pumping (SPEC §2 rule 20). */
    private static final Set<PhoneNumberUtil.PhoneNumberType> REFUSED_TYPES = EnumSet.of(
            PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE, PhoneNumberUtil.PhoneNumberType.SHARED_COST,
            PhoneNumberUtil.PhoneNumberType.UNKNOWN);

    private final EmailNormalizer emailNormalizer;
    private final SmsSettings sms;
    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    public IdentifierParser(EmailNormalizer emailNormalizer, SmsSettings sms) {
        this.emailNormalizer = emailNormalizer;
        this.sms = sms;
    }

    /** Validates and normalises an email address, then applies the application's {@link EmailNormalizer}. */
    public IdentifierCheck email(String input) {
        IdentifierCheck check = validEmail(input);
        if (!(check instanceof IdentifierCheck.Valid valid)) {
            return check;
        }
        Optional<String> normalized = emailNormalizer.normalize(valid.identifier().value());
        if (normalized.isEmpty()) {
            return invalidEmail("latchkey.invalid.email.refused", "This email address cannot be used to sign in.");
        }
        // The hook may rewrite an address, but what it returns must still be a valid one.
        return normalized.get().equals(valid.identifier().value()) ? check : validEmail(normalized.get());
    }

    private static IdentifierCheck validEmail(String input) {
        String trimmed = input.strip();
        if (trimmed.isEmpty()) {
            return invalidEmail("latchkey.invalid.email.empty", "Enter your email address.");
        }
        if (trimmed.chars().anyMatch(c -> c == '\r' || c == '\n' || Character.isISOControl(c))) {
            return invalidEmail("latchkey.invalid.email.control", "An email address cannot contain line breaks or control characters.");
        }
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf('@') != at) {
            return invalidEmail("latchkey.invalid.email.format", "Enter an email address like name@example.com.");
        }
        String local = trimmed.substring(0, at);
        String domain;
        try {
            domain = IDN.toASCII(trimmed.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return invalidEmail("latchkey.invalid.email.domain", "The part after @ is not a valid domain name.");
        }
        if (local.length() > MAX_LOCAL || !LOCAL_PART.matcher(local).matches()) {
            return invalidEmail("latchkey.invalid.email.local", "The part before @ is not valid in an email address.");
        }
        if (!validDomain(domain)) {
            return invalidEmail("latchkey.invalid.email.domain", "The part after @ is not a valid domain name.");
        }
        String address = local.toLowerCase(Locale.ROOT) + "@" + domain;
        if (address.length() > MAX_EMAIL) {
            return invalidEmail("latchkey.invalid.email.length", "An email address can be at most 254 characters long.");
        }
        return new IdentifierCheck.Valid(new EmailAddress(address));
    }

    /** Parses a phone number to E.164; a national number needs {@code latchkey.sms.default-region}. */
    public IdentifierCheck phone(String input) {
        String trimmed = input.strip();
        if (trimmed.isEmpty()) {
            return invalidPhone("latchkey.invalid.phone.empty", "Enter your phone number.");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl) || trimmed.length() > 32) {
            return invalidPhone("latchkey.invalid.phone.format", "Enter a phone number like +44 7700 900123.");
        }
        String region = sms.defaultRegion() == null ? "ZZ" : sms.defaultRegion();
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = phones.parse(trimmed, region);
        } catch (NumberParseException e) {
            return sms.defaultRegion() == null
                    ? invalidPhone("latchkey.invalid.phone.country.code",
                            "Enter the number with its country code, like +44 7700 900123.")
                    : invalidPhone("latchkey.invalid.phone.format", "Enter a phone number like +44 7700 900123.");
        }
        if (!phones.isValidNumber(parsed)) {
            return invalidPhone("latchkey.invalid.phone.number", "This is not a valid phone number.");
        }
        String numberRegion = phones.getRegionCodeForNumber(parsed);
        if (!sms.allowedCountries().isEmpty() && !sms.allowedCountries().contains(numberRegion)) {
            return invalidPhone("latchkey.invalid.phone.country", "Text messages to this country are not available.");
        }
        if (REFUSED_TYPES.contains(phones.getNumberType(parsed))) {
            return invalidPhone("latchkey.invalid.phone.premium", "Text messages to premium-rate or shared-cost numbers are not available.");
        }
        return new IdentifierCheck.Valid(new PhoneNumber(phones.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164)));
    }

    private static boolean validDomain(String domain) {
        if (domain.length() > 253 || domain.endsWith(".")) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2 && !"localhost".equals(domain)) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static IdentifierCheck invalidEmail(String key, String reason) {
        return new IdentifierCheck.Invalid("email", reason, key);
    }

    private static IdentifierCheck invalidPhone(String key, String reason) {
        return new IdentifierCheck.Invalid("phone", reason, key);
    }
}
