package dev.latchkey.core.usecase;

import dev.latchkey.core.challenge.ChallengeView;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.delivery.BrowserFamily;
import dev.latchkey.core.secret.BindingSecret;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What a confirmation page may show for a link, without redeeming it; writes nothing. */
public final class LinkPreview {
    private final UseCaseContext ctx;

    public LinkPreview(UseCaseContext ctx) {
        this.ctx = ctx;
    }

    public Optional<ChallengeView> view(Purpose purpose, String token, @Nullable BindingSecret binding) {
        Instant now = ctx.clock.instant();
        return ctx.links.find(purpose, token).map(c -> new ChallengeView(c.id(), c.identifier(), c.requester(),
                BrowserFamily.of(c.requester().userAgent()), c.createdAt(), c.expiresAt(),
                ctx.links.sameBrowser(c, binding), ChallengeStates.problem(c, now)));
    }
}
