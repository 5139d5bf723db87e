package dev.latchkey.core.spi;

import dev.latchkey.core.identity.UserId;
import org.jspecify.annotations.Nullable;

/**
 * The browser sessions of the pages, as the web adapter keeps them (Spring Session's indexed
 * repository, or Spring Security's {@code SessionRegistry} for container sessions). The engine's
 * {@link dev.latchkey.core.session.UserSessions} ends them together with the API sessions, so one
 * user has one set of sessions (SPEC §2 rule 13).
 */
@FunctionalInterface
public interface PageSessions {

    /**
     * Ends every page session of {@code user} except the one with id {@code keep} (may be null),
     * on every instance. Returns how many it ended.
     */
    int endAll(UserId user, @Nullable String keep);

    /** For an engine without pages, e.g. an API-only deployment. */
    static PageSessions none() {
        return (user, keep) -> 0;
    }
}
