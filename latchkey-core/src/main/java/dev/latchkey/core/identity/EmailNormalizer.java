package dev.latchkey.core.identity;

import java.util.Optional;

/**
 * An application's last word on an already validated, lower-cased address (tokenauth's
 * {@code NORMALIZE_EMAIL}): strip tags, map aliases, or refuse a domain by returning empty.
 */
@FunctionalInterface
public interface EmailNormalizer {

    /** Returns the address to use, or empty when the address may not sign in. */
    Optional<String> normalize(String address);

    /** Keeps every address as it is. */
    static EmailNormalizer identity() {
        return Optional::of;
    }
}
