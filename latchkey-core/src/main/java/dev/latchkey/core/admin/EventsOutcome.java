package dev.latchkey.core.admin;

import dev.latchkey.core.audit.AuditPage;

/** What an admin's listing of the audit trail decided. Adapters switch on {@link #kind()}. */
public sealed interface EventsOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters. */
    enum Kind { LISTED, INVALID }

    Kind kind();

    /** One page of events, newest first. */
    record Listed(AuditPage page) implements EventsOutcome {
        @Override
        public Kind kind() {
            return Kind.LISTED;
        }
    }

    /**
     * A filter cannot be used.
     *
     * @param field the parameter at fault, e.g. {@code limit}
     * @param reason a sentence a person can act on
     */
    record Invalid(String field, String reason) implements EventsOutcome {
        @Override
        public Kind kind() {
            return Kind.INVALID;
        }
    }
}
