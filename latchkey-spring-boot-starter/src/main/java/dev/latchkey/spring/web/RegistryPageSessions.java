package dev.latchkey.spring.web;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.PageSessions;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Page sessions as Spring Security's {@link SessionRegistry} knows them, for an application that
 * keeps container sessions: an ended session is expired in the registry, and the concurrent-session
 * filter that {@link LatchkeyConfigurer} installs signs it out on its next request.
 */
public final class RegistryPageSessions implements PageSessions {
    private final SessionRegistry registry;

    public RegistryPageSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public int endAll(UserId user, @Nullable String keep) {
        int ended = 0;
        for (SessionInformation session : registry.getAllSessions(new LatchkeyUser(user.value(), null, null, Set.of()), false)) {
            if (!session.getSessionId().equals(keep)) {
                session.expireNow();
                ended++;
            }
        }
        return ended;
    }
}
