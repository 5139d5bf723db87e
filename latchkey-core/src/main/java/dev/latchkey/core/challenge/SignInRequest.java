package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.BindingSecret;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request for a message with a link and a code, as received from a person.
 *
 * @param channel which kind of identifier was typed
 * @param identifier what was typed, not yet normalised
 * @param purpose sign-in or email change
 * @param userId the signed-in account asking for an email change; null for sign-in
 * @param next where to go after sign-in, already validated by the adapter, or null
 * @param codeChallenge PKCE S256 challenge, or null
 * @param binding the asking browser's binding secret, or null
 * @param requester where the request came from
 * @param locales the locales the request names, most wanted first: the JSON body's {@code locale}, then
 *     {@code Accept-Language}; unsupported ones are skipped (SPEC §14)
 */
public record SignInRequest(Channel channel, String identifier, Purpose purpose, @Nullable UserId userId,
                            @Nullable String next, @Nullable String codeChallenge, @Nullable BindingSecret binding,
                            RequesterContext requester, List<Locale> locales) {

    public SignInRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(requester, "requester");
        locales = List.copyOf(locales);
        if (purpose == Purpose.CHANGE_EMAIL && (userId == null || channel != Channel.EMAIL)) {
            throw new IllegalArgumentException("an email change names the account and a new email address");
        }
    }

    /** A sign-in by the given email address or phone number. */
    public static SignInRequest login(Channel channel, String identifier, RequesterContext requester) {
        return new SignInRequest(channel, identifier, Purpose.LOGIN, null, null, null, null, requester, List.of());
    }

    /** A signed-in account asking to move to a new email address. */
    public static SignInRequest changeEmail(UserId userId, String newEmail, RequesterContext requester) {
        return new SignInRequest(Channel.EMAIL, newEmail, Purpose.CHANGE_EMAIL, userId, null, null, null, requester, List.of());
    }

    public SignInRequest withNext(@Nullable String value) {
        return new SignInRequest(channel, identifier, purpose, userId, value, codeChallenge, binding, requester, locales);
    }

    public SignInRequest withCodeChallenge(@Nullable String value) {
        return new SignInRequest(channel, identifier, purpose, userId, next, value, binding, requester, locales);
    }

    public SignInRequest withLocales(List<Locale> value) {
        return new SignInRequest(channel, identifier, purpose, userId, next, codeChallenge, binding, requester, value);
    }

    public SignInRequest withBinding(@Nullable BindingSecret value) {
        return new SignInRequest(channel, identifier, purpose, userId, next, codeChallenge, value, requester, locales);
    }
}
