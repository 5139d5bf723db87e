package dev.latchkey.core.admin;

/** What an admin's look-up or change of an account decided. Adapters switch on {@link #kind()}. */
public sealed interface AccountOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters. */
    enum Kind { FOUND, NOT_FOUND, INVALID }

    Kind kind();

    /** The account, after the change if there was one. */
    record Found(Account account) implements AccountOutcome {
        @Override
        public Kind kind() {
            return Kind.FOUND;
        }
    }

    /** No account has that id, email or phone. */
    record NotFound() implements AccountOutcome {
        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /**
     * The input cannot be used; nothing changed.
     *
     * @param field the input at fault, e.g. {@code status}
     * @param reason a sentence a person can act on
     */
    record Invalid(String field, String reason) implements AccountOutcome {
        @Override
        public Kind kind() {
            return Kind.INVALID;
        }
    }
}
