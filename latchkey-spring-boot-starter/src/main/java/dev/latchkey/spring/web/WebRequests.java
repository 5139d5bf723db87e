package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RequesterContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.latchkey.spring.delivery.ThymeleafMessageTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;

/** What pages and the JSON API read from every request: who is asking, from where, with which binding cookie. */
public final class WebRequests {
    private final ClientIpResolver ips;
    private final BindingCookie bindingCookie;
    private final MessageSource messages;

    /** @param messages the pages' message source, whose {@code latchkey.time} pattern writes times */
    public WebRequests(ClientIpResolver ips, BindingCookie bindingCookie, MessageSource messages) {
        this.ips = ips;
        this.bindingCookie = bindingCookie;
        this.messages = messages;
    }

    /** {@code message} in this request's page language (SPEC §14). */
    public String text(MessageSourceResolvable message) {
        return messages.getMessage(message, LocaleContextHolder.getLocale());
    }

    /** {@code when} as this request's page shows it: for its locale, in UTC with the zone named (SPEC §14). */
    public String time(Instant when) {
        return ThymeleafMessageTemplates.formatTime(messages, when, LocaleContextHolder.getLocale());
    }

    /** The client IP (trusted proxies honoured) and user agent. */
    public RequesterContext requester(HttpServletRequest request) {
        return new RequesterContext(ips.resolve(request), request.getHeader(HttpHeaders.USER_AGENT));
    }

    /**
     * The locales a request names, most wanted first (SPEC §14): {@code named} (the JSON body's {@code locale}), then
     * {@code Accept-Language} by quality. Without that header none: the container's default locale is not the person's.
     */
    public List<Locale> locales(HttpServletRequest request, @Nullable String named) {
        List<Locale> locales = new ArrayList<>();
        if (named != null) {
            locales.add(Locale.forLanguageTag(named));
        }
        if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) != null) {
            locales.addAll(Collections.list(request.getLocales()));
        }
        return locales;
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
