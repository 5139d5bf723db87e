package dev.latchkey.core.identity;

/** The result of normalising what a person typed. */
public sealed interface IdentifierCheck {

    /** The input is usable. */
    record Valid(Identifier identifier) implements IdentifierCheck {}

    /**
     * The input is not usable.
     *
     * @param field {@code email} or {@code phone}
     * @param reason a sentence a person can act on, in English
     * @param key the same sentence's key in Latchkey's message bundles, e.g. {@code latchkey.invalid.email.format},
     *     for pages in other languages (SPEC §14)
     */
    record Invalid(String field, String reason, String key) implements IdentifierCheck {}
}
