package dev.latchkey.spring;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.LinkBinding;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.config.ResendPolicy;
import dev.latchkey.core.config.ThrottleFailurePolicy;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.webhook.Webhooks;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code latchkey.*} setting (SPEC §3). Defaults are the safe ones. A setting the engine
 * knows is left null here when unset, and the engine's {@link LatchkeyConfig.Builder} supplies its
 * default, written there once (the defaults named below are documentation); core checks the values
 * at start-up and names the property to change.
 *
 * @param baseUrl absolute origin that links are built from, e.g. {@code https://app.example.com}; never the request's Host header (default {@code http://localhost:8080})
 * @param appName product name shown in messages and pages (default {@code Latchkey})
 * @param channels channels people may sign in with: {@code email}, {@code sms} (default {@code email})
 * @param registration {@code open}: an unknown identifier gets an account at its first sign-in; {@code closed}: it gets a decoy challenge and no message (default {@code open})
 * @param challenge lifetime and limits of one sign-in request
 * @param code the typed code
 * @param link the link in the message
 * @param redirect where people go after signing in or out
 * @param throttle rate limits
 * @param trustedProxies CIDRs of proxies whose {@code X-Forwarded-For} is believed, e.g. {@code 10.0.0.0/8}
 * @param privilegedRoles roles whose holders cannot sign in passwordlessly unless {@code allow-privileged-login} is true (default {@code ADMIN})
 * @param allowPrivilegedLogin let holders of {@code privileged-roles} sign in passwordlessly (default {@code false})
 * @param secret HMAC key for links and codes, at least 32 bytes, e.g. the output of {@code openssl rand -base64 32}
 * @param previousSecrets older keys still accepted while a rotation is under way (default none)
 * @param mail email delivery
 * @param delivery the outbox worker
 * @param sms phone numbers
 * @param emailChange changing an account's email address
 * @param purge the job that deletes expired challenges
 * @param jdbc the JDBC stores
 * @param tokens access and refresh tokens of the JSON API
 * @param api the JSON API
 * @param audit the audit trail
 * @param devMailbox the development mailbox at {@code /dev/mailbox}
 * @param passkeys passkeys (WebAuthn), added after a link or code sign-in
 * @param webhooks receivers of audit events, each POSTed as signed JSON through the delivery outbox (SPEC §13), e.g. {@code latchkey.webhooks[0].url} or {@code LATCHKEY_WEBHOOKS_0_URL} (default none)
 * @param oidc the OpenID Provider (SPEC §11)
 * @param locales languages of pages and messages, as language tags; an application adds one with its own
 *     {@code latchkey/messages_<lang>.properties} (SPEC §14) (default {@code en,de})
 */
@ConfigurationProperties("latchkey")
public record LatchkeyProperties(
        @Nullable String baseUrl,
        @Nullable String appName,
        @Nullable Set<Channel> channels,
        @Nullable Registration registration,
        @DefaultValue Challenge challenge,
        @DefaultValue Code code,
        @DefaultValue Link link,
        @DefaultValue Redirect redirect,
        @DefaultValue Throttle throttle,
        @DefaultValue List<String> trustedProxies,
        @Nullable Set<String> privilegedRoles,
        @Nullable Boolean allowPrivilegedLogin,
        @Nullable String secret,
        @Nullable List<String> previousSecrets,
        @DefaultValue Mail mail,
        @DefaultValue Delivery delivery,
        @DefaultValue Sms sms,
        @DefaultValue EmailChange emailChange,
        @DefaultValue Purge purge,
        @DefaultValue Jdbc jdbc,
        @DefaultValue Tokens tokens,
        @DefaultValue Api api,
        @DefaultValue Audit audit,
        @DefaultValue DevMailboxAccess devMailbox,
        @DefaultValue Passkeys passkeys,
        @DefaultValue List<EventWebhook> webhooks,
        @DefaultValue Oidc oidc,
        @Nullable List<String> locales) {

    /**
     * @param ttl how long a link and code stay valid (default {@code 10m})
     * @param maxUses successful sign-ins one challenge allows (default {@code 1})
     * @param maxAttempts wrong codes before the challenge is exhausted (default {@code 5})
     * @param wrongCodeBurns whether every wrong code also spends a use (default {@code false})
     * @param resend {@code rotate}: a new request revokes older ones; {@code keep}: they stay valid until they expire (default {@code rotate})
     */
    public record Challenge(@Nullable Duration ttl, @Nullable Integer maxUses, @Nullable Integer maxAttempts,
                            @Nullable Boolean wrongCodeBurns, @Nullable ResendPolicy resend) {}

    /**
     * @param length characters in a code, 4 to 12 (default {@code 6})
     * @param alphabet characters a code is drawn from; alphabets without lower case accept lower-case input (default {@code 0123456789})
     */
    public record Code(@Nullable Integer length, @Nullable String alphabet) {}

    /**
     * @param template how links look; {@code {base-url}} and {@code {token}} are replaced, e.g. {@code myapp://login/{token}} (default {@code {base-url}/login/link/{token}})
     * @param binding {@code none}, {@code prefer} or {@code require}: whether a link must open in the browser that asked for it (default {@code prefer})
     * @param loginOnGet let a plain GET of a link sign in; off, because link scanners would spend it (default {@code false})
     */
    public record Link(@Nullable String template, @Nullable LinkBinding binding, @Nullable Boolean loginOnGet) {}

    /**
     * @param afterLogin where to go after sign-in when no valid {@code next} or saved request says otherwise
     * @param afterLogout where to go after signing out
     * @param allowedHosts hosts allowed in an absolute {@code next} URL, e.g. {@code app.example.com}
     */
    public record Redirect(@DefaultValue("/") String afterLogin, @DefaultValue("/login") String afterLogout,
                           @DefaultValue List<String> allowedHosts) {}

    /**
     * @param backend where counters live: {@code memory} (one instance) or {@code jdbc} (shared by every instance)
     * @param resendDelay time between two requests for one identifier (default {@code 60s})
     * @param requestsPerIdentifier sign-in requests per identifier, e.g. {@code 5/1h} (the default)
     * @param requestsPerIp sign-in requests per client IP (default {@code 30/1h})
     * @param failuresPerIdentifier failed codes or links per identifier before it is locked until the window ends (default {@code 10/1h})
     * @param failuresPerIp failed codes or links per client IP before it is locked (default {@code 50/15m})
     * @param onBackendFailure {@code fail-closed}: while the throttle store (e.g. Redis) is down, sign-in answers 503 and nothing is sent; {@code fail-open}: sign-in proceeds unthrottled and each failure is recorded (default {@code fail-closed})
     * @param ipv6Prefix leading bits of an IPv6 address that count as one client for per-IP limits, 1 to 128, e.g. {@code 64} (the default): one host usually holds a whole /64
     */
    public record Throttle(@DefaultValue("memory") ThrottleBackend backend, @Nullable Duration resendDelay,
                           @Nullable Rate requestsPerIdentifier, @Nullable Rate requestsPerIp,
                           @Nullable Rate failuresPerIdentifier, @Nullable Rate failuresPerIp,
                           @Nullable ThrottleFailurePolicy onBackendFailure, @Nullable Integer ipv6Prefix) {}

    /** Where throttle counters live. */
    public enum ThrottleBackend {
        /** In this process: right for one instance. */
        MEMORY,
        /** In the database, shared by every instance. */
        JDBC,
        /** In Redis ({@code spring.data.redis.*}), shared by every instance. */
        REDIS
    }

    /**
     * @param from sender address of every message
     * @param transport {@code smtp}, {@code dev-mailbox} or {@code log}; unset: {@code smtp} when {@code spring.mail.host} is set, otherwise {@code log}
     */
    public record Mail(@DefaultValue("no-reply@localhost") String from, @Nullable MailTransport transport) {}

    /** How email leaves. */
    public enum MailTransport {
        /** Through Spring's {@code JavaMailSender} ({@code spring.mail.*}). */
        SMTP,
        /** Kept in memory and shown at {@code /dev/mailbox}; for development only. */
        DEV_MAILBOX,
        /** Only logged, without the link or code. */
        LOG
    }

    /**
     * @param maxAttempts sends tried before a message is abandoned (default {@code 5})
     * @param retryBackoff delay before the first retry; it doubles with each further try (default {@code 5s})
     * @param pollInterval how often the worker looks for due messages when nothing woke it
     * @param threads delivery threads of each instance (default {@code 4}); messages queued by requests are sent on all
     *     of them at once, so a slow mail server or SMS provider holds up at most one batch per thread
     * @param batchSize messages one worker pass claims (default {@code 50})
     * @param lease how long a claimed message stays reserved for its worker; keep it above the timeout (default {@code 1m})
     * @param timeout connect and read timeout of each SMTP or SMS call, e.g. {@code 10s} (the default); an explicit
     *     {@code spring.mail.properties.mail.smtp.*timeout} wins for SMTP
     */
    public record Delivery(@Nullable Integer maxAttempts, @Nullable Duration retryBackoff,
                           @DefaultValue("1s") Duration pollInterval, @DefaultValue("4") int threads,
                           @Nullable Integer batchSize,
                           @Nullable Duration lease, @Nullable Duration timeout) {}

    /**
     * @param provider {@code log}, {@code twilio} or {@code webhook}: how text messages leave
     * @param defaultRegion ISO region for numbers typed without a country code, e.g. {@code GB}
     * @param allowedCountries ISO regions that may receive SMS; empty (the default) allows all (a defence against SMS pumping)
     * @param dailyBudget text messages sent per day, all numbers together; further ones are abandoned
     * @param twilio Twilio's Messages API
     * @param webhook your own HTTP endpoint
     */
    public record Sms(@DefaultValue("log") SmsProvider provider, @Nullable String defaultRegion,
                      @Nullable Set<String> allowedCountries, @DefaultValue("1000") int dailyBudget,
                      @DefaultValue Twilio twilio, @DefaultValue Webhook webhook) {}

    /** How text messages leave. */
    public enum SmsProvider {
        /** Only logged, without the code. */
        LOG,
        /** Twilio's Messages REST API. */
        TWILIO,
        /** A JSON POST to your own endpoint, signed with HMAC-SHA256. */
        WEBHOOK
    }

    /**
     * @param accountSid Twilio account SID, e.g. {@code ACxxxxxxxx}
     * @param authToken Twilio auth token
     * @param from sender number in E.164, e.g. {@code +15005550006}
     * @param baseUrl API origin; messages are POSTed to {@code {base-url}/2010-04-01/Accounts/{sid}/Messages.json}
     */
    public record Twilio(@Nullable String accountSid, @Nullable String authToken, @Nullable String from,
                         @DefaultValue("https://api.twilio.com") String baseUrl) {
        @Override
        public String toString() {
            return "Twilio[accountSid=" + accountSid + ", authToken=<masked>, from=" + from + ", baseUrl=" + baseUrl + "]";
        }
    }

    /**
     * @param url where {@code {"to","body"}} is POSTed, e.g. {@code https://sms.internal.example/send}
     * @param secret key for the {@code X-Latchkey-Signature: sha256=<hex HMAC of the body>} header
     */
    public record Webhook(@Nullable String url, @Nullable String secret) {
        @Override
        public String toString() {
            return "Webhook[url=" + url + ", secret=<masked>]";
        }
    }

    /** @param freshLogin how recent a sign-in must be to change the email address */
    public record EmailChange(@DefaultValue("10m") Duration freshLogin) {}

    /**
     * Passkeys (SPEC §10): a link or code proves the address once, then a passkey signs in with one touch.
     *
     * @param enabled offer passkeys on the pages and serve the passkey endpoints of the JSON API (default {@code true})
     * @param userVerification whether authenticators must verify the person (PIN, fingerprint, face): {@code preferred} or {@code required} (default {@code preferred})
     * @param freshLogin how recent a sign-in must be to add a passkey (default {@code 10m})
     * @param allowedOrigins origins besides the base URL's that may use the passkeys, e.g. an Android app's {@code android:apk-key-hash:...} (default none)
     */
    public record Passkeys(@DefaultValue("true") boolean enabled,
                           @DefaultValue("preferred") UserVerification userVerification,
                           @DefaultValue("10m") Duration freshLogin,
                           @DefaultValue List<String> allowedOrigins) {

        /** How hard authenticators must check the person. */
        public enum UserVerification {
            /** Ask for it; accept a passkey whose authenticator cannot. */
            PREFERRED,
            /** Refuse a passkey unless the authenticator verified the person. */
            REQUIRED
        }
    }

    /** @param interval how often expired challenges and throttle windows are deleted */
    public record Purge(@DefaultValue("5m") Duration interval) {}

    /** @param initializeSchema run Latchkey's Flyway migrations at start-up (history table {@code latchkey_schema_history}) */
    public record Jdbc(@DefaultValue("true") boolean initializeSchema) {}

    /**
     * @param accessTtl lifetime of an access JWT
     * @param refreshTtl lifetime of a refresh token; each refresh issues a new one
     * @param keyRotation age at which a new signing key replaces the current one; the old one stays published
     * @param sessionMaxAge how long an API session lasts after its sign-in, whatever its refreshes, e.g. {@code 90d} (the default)
     */
    public record Tokens(@DefaultValue("15m") Duration accessTtl, @DefaultValue("30d") Duration refreshTtl,
                         @DefaultValue("30d") Duration keyRotation, @Nullable Duration sessionMaxAge) {}

    /** @param retention how long persisted audit events are kept before the purge job deletes them */
    public record Audit(@DefaultValue("90d") Duration retention) {}

    /**
     * @param allowRemote let clients other than loopback read {@code /dev/mailbox}, e.g. from another machine on a
     *                    trusted network; off, because the page shows live sign-in links and codes
     */
    public record DevMailboxAccess(@DefaultValue("false") boolean allowRemote) {}

    /** @param enabled serve the JSON API under {@code /api/auth} and the JWKS at {@code /.well-known/jwks.json} */
    public record Api(@DefaultValue("true") boolean enabled) {}

    /**
     * One receiver of audit events ({@code latchkey.webhooks[N]}).
     *
     * @param url where each event is POSTed as JSON {@code {"id","type","occurred_at","data":{...}}}, an absolute http or https URL, e.g. {@code https://hooks.example.com/latchkey}
     * @param secret Standard Webhooks signing key: {@code whsec_} and 24 to 64 random bytes in base64, e.g. {@code whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw}; each call carries {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}
     * @param events audit event types to send, e.g. {@code LOGIN_SUCCEEDED,IDENTIFIER_LOCKED} (default all)
     */
    public record EventWebhook(@Nullable String url, @Nullable String secret, @DefaultValue Set<AuditEventType> events) {
        @Override
        public String toString() {
            // The URL may carry the receiver's own secret in its path or query.
            return "EventWebhook[url=<masked>, secret=<masked>, events=" + events + "]";
        }
    }

    /** The webhooks of {@code latchkey.webhooks}; fails naming the property of the first one that cannot work. */
    public Webhooks toWebhooks(SecureRandom random) {
        List<dev.latchkey.core.webhook.Webhook> hooks = new ArrayList<>();
        for (int i = 0; i < webhooks.size(); i++) {
            EventWebhook hook = webhooks.get(i);
            hooks.add(dev.latchkey.core.webhook.Webhook.of(i, hook.url(), hook.secret(), hook.events()));
        }
        return new Webhooks(hooks, random);
    }

    /**
     * @param enabled serve the OpenID Provider endpoints ({@code /.well-known/openid-configuration},
     *     {@code /oauth2/authorize}, {@code /oauth2/token}, {@code /userinfo}, …); {@code false} in the starter,
     *     {@code true} in the server
     * @param clients the relying parties allowed to sign people in through this provider
     */
    public record Oidc(@DefaultValue("false") boolean enabled, @DefaultValue List<OidcClient> clients) {}

    /**
     * One relying party. Environment form: {@code LATCHKEY_OIDC_CLIENTS_0_CLIENTID},
     * {@code LATCHKEY_OIDC_CLIENTS_0_REDIRECTURIS_0}, …
     *
     * @param clientId the {@code client_id} it sends, e.g. {@code shop}
     * @param clientSecret its secret, for a confidential client (stored only as a hash), e.g. the output of
     *     {@code openssl rand -base64 32}
     * @param redirectUris where codes may be sent, matched exactly (the port of a loopback IP address such as
     *     {@code http://127.0.0.1/callback} may differ, RFC 8252 §7.3), e.g. {@code https://shop.example.com/login/oauth2/code/latchkey}
     * @param postLogoutRedirectUris where {@code /connect/logout} may send the browser afterwards, matched exactly
     * @param scopes scopes it may ask for: {@code openid}, {@code email}, {@code phone}, {@code offline_access}
     *     (a refresh token, confidential clients only) (default {@code openid,email})
     * @param publicClient a client that cannot keep a secret (single-page or native app): no secret, PKCE
     *     with {@code S256} required, no refresh token; unset, a client is public exactly when it has no secret
     * @param requireConsent ask the person before the first sign-in to this client; off for first-party clients
     *     (default {@code false})
     * @param idTokenSigningAlgorithm how its ID tokens are signed: {@code RS256}, which OpenID Connect clients
     *     expect unless told otherwise (the default), or {@code ES256}, with the keys of the access tokens
     * @param grantTypes how it gets tokens: {@code authorization_code} (the default: people sign in to it, with
     *     refresh tokens for confidential clients) and/or {@code client_credentials} (a confidential back office
     *     acting for itself, e.g. with scope {@code latchkey.admin} for the admin API; it needs no redirect URI)
     */
    public record OidcClient(@Nullable String clientId, @Nullable String clientSecret,
                             @DefaultValue List<String> redirectUris, @DefaultValue List<String> postLogoutRedirectUris,
                             @DefaultValue({"openid", "email"}) Set<String> scopes, @Nullable Boolean publicClient,
                             @DefaultValue("false") boolean requireConsent,
                             @DefaultValue("RS256") String idTokenSigningAlgorithm,
                             @DefaultValue("authorization_code") Set<String> grantTypes) {
        @Override
        public String toString() {
            return "OidcClient[clientId=" + clientId + ", clientSecret=<masked>, redirectUris=" + redirectUris
                    + ", scopes=" + scopes + ", grantTypes=" + grantTypes + "]";
        }
    }

    /** Settings as a log line would show them: the secrets are masked. */
    @Override
    public String toString() {
        return "LatchkeyProperties[baseUrl=" + baseUrl + ", channels=" + channels + ", registration=" + registration
                + ", secret=<masked>, previousSecrets=<" + (previousSecrets == null ? 0 : previousSecrets.size())
                + " masked>]";
    }

    /** The same settings with {@code secret} replaced, e.g. by one generated for development. */
    public LatchkeyProperties withSecret(String value) {
        return new LatchkeyProperties(baseUrl, appName, channels, registration, challenge, code, link, redirect, throttle,
                trustedProxies, privilegedRoles, allowPrivilegedLogin, value, previousSecrets, mail, delivery, sms,
                emailChange, purge, jdbc, tokens, api, audit, devMailbox, passkeys, webhooks, oidc, locales);
    }

    /** The engine's settings; fails with the property to change when one cannot work. */
    public LatchkeyConfig toConfig() {
        if (secret == null || secret.isBlank()) {
            throw new InvalidSettingException("latchkey.secret is required: at least 32 random bytes,"
                    + " e.g. the output of 'openssl rand -base64 32'");
        }
        LatchkeyConfig.Builder config = LatchkeyConfig.builder().secret(secret);
        // Only what is set: every unset setting takes the engine's default, written once in LatchkeyConfig.
        set(baseUrl, config::baseUrl);
        set(appName, config::appName);
        set(channels, value -> config.channels(value.isEmpty() ? Set.of() : EnumSet.copyOf(value)));
        set(registration, config::registration);
        set(challenge.ttl(), config::challengeTtl);
        set(challenge.maxUses(), config::maxUses);
        set(challenge.maxAttempts(), config::maxAttempts);
        set(challenge.wrongCodeBurns(), config::wrongCodeBurns);
        set(challenge.resend(), config::resend);
        set(code.length(), config::codeLength);
        set(code.alphabet(), config::codeAlphabet);
        set(link.template(), config::linkTemplate);
        set(link.binding(), config::linkBinding);
        set(link.loginOnGet(), config::loginOnGet);
        set(throttle.resendDelay(), config::resendDelay);
        set(throttle.requestsPerIdentifier(), config::requestsPerIdentifier);
        set(throttle.requestsPerIp(), config::requestsPerIp);
        set(throttle.failuresPerIdentifier(), config::failuresPerIdentifier);
        set(throttle.failuresPerIp(), config::failuresPerIp);
        set(throttle.onBackendFailure(), config::onThrottleFailure);
        set(throttle.ipv6Prefix(), config::ipv6Prefix);
        set(privilegedRoles, config::privilegedRoles);
        set(allowPrivilegedLogin, config::allowPrivilegedLogin);
        set(previousSecrets, config::previousSecrets);
        set(delivery.maxAttempts(), config::deliveryMaxAttempts);
        set(delivery.retryBackoff(), config::retryBackoff);
        set(delivery.batchSize(), config::deliveryBatchSize);
        set(delivery.lease(), config::deliveryLease);
        set(delivery.timeout(), config::deliveryTimeout);
        set(sms.defaultRegion(), config::smsDefaultRegion);
        set(sms.allowedCountries(), config::smsAllowedCountries);
        set(tokens.sessionMaxAge(), config::sessionMaxAge);
        set(locales, config::locales);
        return config.build();
    }

    /** Passes {@code value} to the engine's builder when it is set. */
    private static <T> void set(@Nullable T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
