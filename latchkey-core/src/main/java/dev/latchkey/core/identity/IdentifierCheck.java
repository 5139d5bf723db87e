package dev.latchkey.core.identity;

/** The result of normalising what a person typed. */
public sealed interface IdentifierCheck {

    /** The input is usable. */
    record Valid(Identifier identifier) implements IdentifierCheck {}

    /**
     * The input is not usable.
     *
     * @param field {@code email} or {@code phone}
     * @param reason a sentence a person can act on
     */
    record Invalid(String field, String reason) implements IdentifierCheck {}
}
