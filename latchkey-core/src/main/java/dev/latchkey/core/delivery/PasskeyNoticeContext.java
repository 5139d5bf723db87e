package dev.latchkey.core.delivery;

import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import java.time.Instant;
import java.util.Locale;

/**
 * What the notice "a passkey was added" may show (SPEC §10). It holds no secret.
 *
 * @param recipient the account's address
 * @param addedAt when the passkey was registered
 * @param requester where it was registered from
 * @param browserFamily e.g. {@code Chrome on Android}
 * @param appName product name, {@code latchkey.app-name}
 * @param locale the language to write it in, and to format its times for (SPEC §14)
 */
public record PasskeyNoticeContext(Identifier recipient, Instant addedAt, RequesterContext requester,
                                   String browserFamily, String appName, Locale locale) {
}
