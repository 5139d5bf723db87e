package dev.latchkey.core.identity;

/**
 * A normalised address a message can be sent to. Only {@link IdentifierParser} and stores reading
 * back values they were given create these.
 */
public sealed interface Identifier permits EmailAddress, PhoneNumber {

    /** The normalised value: a lower-case address with an ASCII domain, or an E.164 number. */
    String value();

    Channel channel();

    /** A form safe for logs: {@code j***@example.com}, {@code +44*******89}. */
    String masked();

    /** Rebuilds an identifier from a stored, already normalised value. */
    static Identifier fromStored(Channel channel, String value) {
        return switch (channel) {
            case EMAIL -> new EmailAddress(value);
            case SMS -> new PhoneNumber(value);
        };
    }
}
