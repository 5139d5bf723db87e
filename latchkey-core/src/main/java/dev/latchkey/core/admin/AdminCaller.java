package dev.latchkey.core.admin;

import dev.latchkey.core.challenge.RequesterContext;
import java.util.Objects;

/**
 * Who makes an admin call: the OAuth2 client its token was issued to, from where. Every call's audit
 * event names the client (SPEC §12).
 *
 * @param clientId the client's {@code client_id}, e.g. {@code support-desk}
 * @param requester the caller's IP and user agent
 */
public record AdminCaller(String clientId, RequesterContext requester) {

    public AdminCaller {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(requester, "requester");
    }
}
