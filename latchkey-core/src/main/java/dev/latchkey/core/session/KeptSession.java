package dev.latchkey.core.session;

import java.util.Objects;

/** The one session that survives when every other session of a user ends, e.g. the one that asked for an email change. */
public sealed interface KeptSession {

    /** A browser session of the pages, by its session id. */
    record Page(String id) implements KeptSession {
        public Page {
            Objects.requireNonNull(id, "id");
        }
    }

    /** An API session, by its id (the access token's {@code sid}). */
    record Api(String id) implements KeptSession {
        public Api {
            Objects.requireNonNull(id, "id");
        }
    }

    /** No session survives. */
    record None() implements KeptSession {}

    static KeptSession page(String id) {
        return new Page(id);
    }

    static KeptSession api(String id) {
        return new Api(id);
    }

    static KeptSession none() {
        return new None();
    }
}
