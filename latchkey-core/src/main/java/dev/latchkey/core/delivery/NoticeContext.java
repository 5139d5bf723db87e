package dev.latchkey.core.delivery;

import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import java.time.Instant;
import java.util.Locale;

/**
 * What a notice to an account's previous address may show. It holds no secret.
 *
 * @param recipient the previous address
 * @param newAddress the address the account moved to
 * @param changedAt when the change was confirmed
 * @param requester where the change was asked for
 * @param browserFamily e.g. {@code Firefox on Linux}
 * @param appName product name, {@code latchkey.app-name}
 * @param locale the language to write it in, and to format its times for (SPEC §14)
 */
public record NoticeContext(Identifier recipient, Identifier newAddress, Instant changedAt, RequesterContext requester,
                            String browserFamily, String appName, Locale locale) {
}
