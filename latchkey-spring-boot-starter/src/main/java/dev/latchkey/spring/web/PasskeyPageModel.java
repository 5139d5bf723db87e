package dev.latchkey.spring.web;

import dev.latchkey.core.usecase.Passkeys;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the sign-in and account pages show of passkeys while they are on: the "Sign in with a
 * passkey" button, and the signed-in user's passkeys.
 */
@ControllerAdvice(assignableTypes = {LoginController.class, AccountController.class})
public final class PasskeyPageModel {
    private final Passkeys passkeys;
    private final WebRequests requests;

    public PasskeyPageModel(Passkeys passkeys, WebRequests requests) {
        this.passkeys = passkeys;
        this.requests = requests;
    }

    @ModelAttribute("passkeysEnabled")
    public boolean passkeysEnabled() {
        return true;
    }

    /** The signed-in user's passkeys, oldest first; none on pages anyone may open. */
    @ModelAttribute("passkeys")
    public List<PasskeyPagesController.Row> passkeys(@AuthenticationPrincipal @Nullable LatchkeyUser principal) {
        return principal == null ? List.of()
                : passkeys.list(principal.userId()).stream()
                        .map(passkey -> PasskeyPagesController.Row.of(passkey, requests)).toList();
    }
}
