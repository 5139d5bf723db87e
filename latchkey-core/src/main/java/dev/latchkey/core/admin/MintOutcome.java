package dev.latchkey.core.admin;

import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import java.time.Instant;

/** What an admin's request for a sign-in link decided. Adapters switch on {@link #kind()}. */
public sealed interface MintOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters. */
    enum Kind { QUEUED, MINTED, INVALID, REFUSED }

    Kind kind();

    /**
     * The message is queued in the outbox; the delivery worker mints its link and code when it sends.
     *
     * @param expiresAt when the link and code stop working
     */
    record Queued(Instant expiresAt) implements MintOutcome {
        @Override
        public Kind kind() {
            return Kind.QUEUED;
        }
    }

    /**
     * The link and code, for the caller to hand over; shown once, stored only as HMACs.
     *
     * @param link the sign-in link, built from {@code latchkey.base-url} or {@code link.template}
     * @param token the link's token, inside {@code link}
     * @param code the code
     * @param expiresAt when they stop working
     */
    record Minted(String link, LinkToken token, Code code, Instant expiresAt) implements MintOutcome {
        @Override
        public Kind kind() {
            return Kind.MINTED;
        }

        @Override
        public String toString() {
            return "Minted[link=<redacted>, code=<redacted>, expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * The request cannot be used.
     *
     * @param field the input at fault, e.g. {@code ttl}
     * @param reason a sentence a person can act on
     */
    record Invalid(String field, String reason) implements MintOutcome {
        @Override
        public Kind kind() {
            return Kind.INVALID;
        }
    }

    /**
     * The account could not sign in with a link (SPEC §2 rule 14); nothing was written.
     *
     * @param reason why, e.g. {@code DISABLED}
     */
    record Refused(RefusalReason reason) implements MintOutcome {
        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }
    }
}
