package dev.latchkey.spring.web;

import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.Channel;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every Latchkey page shows: the product name, whether phones are accepted, and the CSP nonce. */
@ControllerAdvice(assignableTypes = {LoginController.class, LinkController.class, AccountController.class,
        DevMailboxController.class, PasskeyPagesController.class})
public final class PageModel {
    private final LatchkeyConfig config;

    public PageModel(LatchkeyConfig config) {
        this.config = config;
    }

    @ModelAttribute("appName")
    public String appName() {
        return config.appName();
    }

    @ModelAttribute("smsEnabled")
    public boolean smsEnabled() {
        return config.channels().contains(Channel.SMS);
    }

    @ModelAttribute("emailEnabled")
    public boolean emailEnabled() {
        return config.channels().contains(Channel.EMAIL);
    }

    @ModelAttribute("cspNonce")
    public Object cspNonce(HttpServletRequest request) {
        Object nonce = request.getAttribute(ContentSecurityPolicyFilter.NONCE_ATTRIBUTE);
        return nonce == null ? "" : nonce;
    }
}
