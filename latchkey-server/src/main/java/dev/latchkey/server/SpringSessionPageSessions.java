package dev.latchkey.server;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.PageSessions;
import org.jspecify.annotations.Nullable;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Page sessions where the server keeps them, in Spring Session (JDBC, or Redis with the indexed
 * repository): found through the principal-name index and deleted, so every instance sees them end
 * at once.
 */
final class SpringSessionPageSessions implements PageSessions {
    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    SpringSessionPageSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    @Override
    public int endAll(UserId user, @Nullable String keep) {
        int ended = 0;
        for (String id : sessions.findByPrincipalName(user.value()).keySet()) {
            if (!id.equals(keep)) {
                sessions.deleteById(id);
                ended++;
            }
        }
        return ended;
    }
}
