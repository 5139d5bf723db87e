package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RequesterContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;

/** What pages and the JSON API read from every request: who is asking, from where, with which binding cookie. */
public final class WebRequests {
    private final ClientIpResolver ips;
    private final BindingCookie bindingCookie;

    public WebRequests(ClientIpResolver ips, BindingCookie bindingCookie) {
        this.ips = ips;
        this.bindingCookie = bindingCookie;
    }

    /** The client IP (trusted proxies honoured) and user agent. */
    public RequesterContext requester(HttpServletRequest request) {
        return new RequesterContext(ips.resolve(request), request.getHeader(HttpHeaders.USER_AGENT));
    }

    /** The requester plus this browser's binding cookie, for redeeming a link. */
    public Proof proof(HttpServletRequest request) {
        return Proof.from(requester(request)).withBinding(bindingCookie.read(request));
    }

    public BindingCookie bindingCookie() {
        return bindingCookie;
    }

    /** Sets {@code Retry-After} in whole seconds, rounded up. */
    public void retryAfter(HttpServletResponse response, Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
    }
}
