package dev.latchkey.core.passkey;

import dev.latchkey.core.challenge.RefusalReason;

/** What adding a passkey decided. Adapters map each case to a page or a JSON answer. */
public sealed interface AddPasskeyOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters. */
    enum Kind { ADDED, NOT_FRESH, INVALID_LABEL, DUPLICATE, REFUSED }

    /** Which case this is. */
    Kind kind();

    /** The passkey is stored; a notice is on its way to the account's address. */
    record Added(Passkey passkey) implements AddPasskeyOutcome {
        @Override
        public Kind kind() {
            return Kind.ADDED;
        }
    }

    /** The sign-in is older than {@code passkeys.fresh-login}: sign in again first. */
    record NotFresh() implements AddPasskeyOutcome {
        @Override
        public Kind kind() {
            return Kind.NOT_FRESH;
        }
    }

    /** The label is too long or holds control characters; {@code reason} says which, for the person. */
    record InvalidLabel(String reason) implements AddPasskeyOutcome {
        @Override
        public Kind kind() {
            return Kind.INVALID_LABEL;
        }
    }

    /** A passkey with this credential id is registered already. */
    record Duplicate() implements AddPasskeyOutcome {
        @Override
        public Kind kind() {
            return Kind.DUPLICATE;
        }
    }

    /** The account may not sign in (SPEC §2 rule 14), so it may not add a way in either. */
    record Refused(RefusalReason reason) implements AddPasskeyOutcome {
        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }
    }
}
