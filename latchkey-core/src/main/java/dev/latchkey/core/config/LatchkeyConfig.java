package dev.latchkey.core.config;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.secret.SecretKeyRing;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of the engine, checked when built. Defaults are those of SPEC §3; each error names
 * the {@code latchkey.*} property to change.
 *
 * @param baseUrl absolute origin that links are built from, never the request's Host header
 * @param appName product name shown in messages
 * @param channels channels a sign-in may use
 * @param registration what happens to identifiers without an account
 * @param challenge lifetime and limits of one challenge
 * @param code length and alphabet of the typed code
 * @param link link template and device binding
 * @param throttle rate limits
 * @param privilegedRoles roles that may not sign in passwordlessly unless {@code allowPrivilegedLogin}
 * @param allowPrivilegedLogin lets holders of {@code privilegedRoles} sign in
 * @param keys HMAC keys: the current secret and the previous ones still accepted
 * @param delivery outbox retry policy
 * @param sms phone-number settings
 * @param locales the languages of pages and messages ({@code latchkey.locales}, SPEC §14)
 * @param sessionMaxAge how long an API session lasts after its sign-in, whatever its refreshes ({@code latchkey.tokens.session-max-age})
 */
public record LatchkeyConfig(
        URI baseUrl,
        String appName,
        Set<Channel> channels,
        Registration registration,
        ChallengeSettings challenge,
        CodeSettings code,
        LinkSettings link,
        ThrottleSettings throttle,
        Set<String> privilegedRoles,
        boolean allowPrivilegedLogin,
        SecretKeyRing keys,
        DeliverySettings delivery,
        SmsSettings sms,
        SupportedLocales locales,
        Duration sessionMaxAge) {

    public LatchkeyConfig {
        positive("latchkey.tokens.session-max-age", sessionMaxAge, "90d");
        Objects.requireNonNull(locales, "latchkey.locales");
        channels = Set.copyOf(channels);
        privilegedRoles = Set.copyOf(privilegedRoles);
        if (channels.isEmpty()) {
            throw new InvalidSettingException("latchkey.channels must name at least one channel, e.g. email");
        }
    }

    /**
     * @param ttl how long a link and code stay valid
     * @param maxUses successful redemptions a challenge allows
     * @param maxAttempts wrong codes before the challenge is exhausted
     * @param wrongCodeBurns whether every wrong code also spends a use
     * @param resend what a new request does to older pending challenges
     */
    public record ChallengeSettings(Duration ttl, int maxUses, int maxAttempts, boolean wrongCodeBurns, ResendPolicy resend) {
        public ChallengeSettings {
            positive("latchkey.challenge.ttl", ttl, "10m");
            atLeastOne("latchkey.challenge.max-uses", maxUses, "1");
            atLeastOne("latchkey.challenge.max-attempts", maxAttempts, "5");
            Objects.requireNonNull(resend, "latchkey.challenge.resend");
        }
    }

    /**
     * @param length characters in a code, 4 to 12
     * @param alphabet characters a code is drawn from, each once; no spaces or dashes
     */
    public record CodeSettings(int length, String alphabet) {
        public CodeSettings {
            if (length < 4 || length > 12) {
                throw new InvalidSettingException("latchkey.code.length must be between 4 and 12, e.g. 6 (was " + length + ")");
            }
            if (alphabet.codePoints().distinct().count() != alphabet.length() || alphabet.length() < 2
                    || alphabet.length() > 256) {
                throw new InvalidSettingException(
                        "latchkey.code.alphabet must hold 2 to 256 different characters, e.g. 0123456789 (was '" + alphabet + "')");
            }
            if (alphabet.chars().anyMatch(c -> c == '-' || Character.isWhitespace(c) || c > 0x7e || c < 0x21)) {
                throw new InvalidSettingException(
                        "latchkey.code.alphabet may hold only printable ASCII without spaces or dashes, e.g. 0123456789 (was '"
                                + alphabet + "')");
            }
        }

        /** Whether typed input is upper-cased before comparing (alphabets without lower-case letters). */
        public boolean caseInsensitive() {
            return alphabet.chars().noneMatch(Character::isLowerCase);
        }

        /** Bits of guessing work one code represents. */
        public double entropyBits() {
            return length * (Math.log(alphabet.length()) / Math.log(2));
        }
    }

    /**
     * @param template how links look; {@code {base-url}} and {@code {token}} are replaced
     * @param binding whether a link must be opened in the asking browser
     * @param loginOnGet lets a plain GET of the link sign in (off: link scanners would spend it)
     */
    public record LinkSettings(String template, LinkBinding binding, boolean loginOnGet) {
        public LinkSettings {
            if (!template.contains("{token}")) {
                throw new InvalidSettingException(
                        "latchkey.link.template must contain {token}, e.g. {base-url}/login/link/{token} (was '" + template + "')");
            }
            Objects.requireNonNull(binding, "latchkey.link.binding");
        }
    }

    /**
     * @param resendDelay time between two requests for one identifier
     * @param requestsPerIdentifier sign-in requests per identifier
     * @param requestsPerIp sign-in requests per client IP
     * @param failuresPerIdentifier failed redemptions per identifier before it is locked
     * @param failuresPerIp failed redemptions per client IP before it is locked
     * @param onBackendFailure what to do when the throttle store cannot be reached
     * @param ipv6Prefix leading bits of an IPv6 address that count as one client for per-IP windows
     */
    public record ThrottleSettings(Duration resendDelay, Rate requestsPerIdentifier, Rate requestsPerIp,
                                   Rate failuresPerIdentifier, Rate failuresPerIp, ThrottleFailurePolicy onBackendFailure,
                                   int ipv6Prefix) {
        public ThrottleSettings {
            if (resendDelay.isNegative()) {
                throw new InvalidSettingException("latchkey.throttle.resend-delay must not be negative, e.g. 60s (was " + resendDelay + ")");
            }
            Objects.requireNonNull(requestsPerIdentifier, "latchkey.throttle.requests-per-identifier");
            Objects.requireNonNull(requestsPerIp, "latchkey.throttle.requests-per-ip");
            Objects.requireNonNull(failuresPerIdentifier, "latchkey.throttle.failures-per-identifier");
            Objects.requireNonNull(failuresPerIp, "latchkey.throttle.failures-per-ip");
            Objects.requireNonNull(onBackendFailure, "latchkey.throttle.on-backend-failure");
            if (ipv6Prefix < 1 || ipv6Prefix > 128) {
                throw new InvalidSettingException("latchkey.throttle.ipv6-prefix must be between 1 and 128 bits, e.g. 64 (was "
                        + ipv6Prefix + ")");
            }
        }
    }

    /**
     * @param maxAttempts sends tried before a message is abandoned
     * @param retryBackoff delay before the first retry; it doubles with each further try
     * @param batchSize outbox rows one worker pass claims
     * @param lease how long a claimed row stays reserved for the worker that claimed it
     * @param timeout connect and read timeout of each SMTP, SMS or webhook call, so a provider that hangs fails
     *     the try instead of holding the worker past its lease
     */
    public record DeliverySettings(int maxAttempts, Duration retryBackoff, int batchSize, Duration lease,
                                   Duration timeout) {
        public DeliverySettings {
            atLeastOne("latchkey.delivery.max-attempts", maxAttempts, "5");
            positive("latchkey.delivery.retry-backoff", retryBackoff, "5s");
            atLeastOne("latchkey.delivery.batch-size", batchSize, "50");
            positive("latchkey.delivery.lease", lease, "1m");
            positive("latchkey.delivery.timeout", timeout, "10s");
        }

        /** How long to wait after the failed try number {@code attempt}: the back-off, doubled for each try before it. */
        public Duration retryDelay(int attempt) {
            return retryBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        }
    }

    /**
     * @param defaultRegion ISO region for numbers typed without a country code, e.g. {@code GB}; null for none
     * @param allowedCountries ISO regions that may receive SMS; empty allows all
     */
    public record SmsSettings(@Nullable String defaultRegion, Set<String> allowedCountries) {
        public SmsSettings {
            allowedCountries = Set.copyOf(allowedCountries.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
            if (defaultRegion != null && defaultRegion.isBlank()) {
                defaultRegion = null;
            }
            if (defaultRegion != null) {
                defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
            }
        }
    }

    /**
     * The link for one token, built from {@code base-url} and {@code link.template} only, never from
     * a request (SPEC §2 rule 9). Email-change links go to {@code {base-url}/account/email/confirm/{token}}.
     */
    public String linkFor(Purpose purpose, String token) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String template = purpose == Purpose.LOGIN ? link.template() : "{base-url}/account/email/confirm/{token}";
        return template.replace("{base-url}", base).replace("{token}", token);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void positive(String property, Duration value, String example) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidSettingException(property + " must be positive, e.g. " + example + " (was " + value + ")");
        }
    }

    private static void atLeastOne(String property, int value, String example) {
        if (value < 1) {
            throw new InvalidSettingException(property + " must be at least 1, e.g. " + example + " (was " + value + ")");
        }
    }

    /** Collects settings; unset ones take SPEC §3's defaults. {@code secret} has no default. */
    public static final class Builder {
        private URI baseUrl = URI.create("http://localhost:8080");
        private String appName = "Latchkey";
        private Set<Channel> channels = EnumSet.of(Channel.EMAIL);
        private Registration registration = Registration.OPEN;
        private Duration challengeTtl = Duration.ofMinutes(10);
        private int maxUses = 1;
        private int maxAttempts = 5;
        private boolean wrongCodeBurns;
        private ResendPolicy resend = ResendPolicy.ROTATE;
        private int codeLength = 6;
        private String codeAlphabet = "0123456789";
        private String linkTemplate = "{base-url}/login/link/{token}";
        private LinkBinding linkBinding = LinkBinding.PREFER;
        private boolean loginOnGet;
        private Duration resendDelay = Duration.ofSeconds(60);
        private Rate requestsPerIdentifier = Rate.parse("5/1h");
        private Rate requestsPerIp = Rate.parse("30/1h");
        private Rate failuresPerIdentifier = Rate.parse("10/1h");
        private Rate failuresPerIp = Rate.parse("50/15m");
        private ThrottleFailurePolicy onThrottleFailure = ThrottleFailurePolicy.FAIL_CLOSED;
        private int ipv6Prefix = 64;
        private Set<String> privilegedRoles = Set.of("ADMIN");
        private boolean allowPrivilegedLogin;
        private @Nullable String secret;
        private List<String> previousSecrets = List.of();
        private int deliveryMaxAttempts = 5;
        private Duration retryBackoff = Duration.ofSeconds(5);
        private int deliveryBatchSize = 50;
        private Duration deliveryLease = Duration.ofMinutes(1);
        private Duration deliveryTimeout = Duration.ofSeconds(10);
        private @Nullable String smsDefaultRegion;
        private Set<String> smsAllowedCountries = Set.of();
        private Duration sessionMaxAge = Duration.ofDays(90);
        private List<String> locales = List.of("en", "de");

        private Builder() {
        }

        public Builder baseUrl(String value) {
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("latchkey.base-url must be an absolute URL, e.g. https://app.example.com (was '" + value + "')");
            }
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new InvalidSettingException("latchkey.base-url must be an absolute http(s) URL, e.g. https://app.example.com (was '" + value + "')");
            }
            this.baseUrl = uri;
            return this;
        }

        public Builder appName(String value) { this.appName = value; return this; }
        public Builder channels(Set<Channel> value) { this.channels = value; return this; }
        public Builder registration(Registration value) { this.registration = value; return this; }
        public Builder challengeTtl(Duration value) { this.challengeTtl = value; return this; }
        public Builder maxUses(int value) { this.maxUses = value; return this; }
        public Builder maxAttempts(int value) { this.maxAttempts = value; return this; }
        public Builder wrongCodeBurns(boolean value) { this.wrongCodeBurns = value; return this; }
        public Builder resend(ResendPolicy value) { this.resend = value; return this; }
        public Builder codeLength(int value) { this.codeLength = value; return this; }
        public Builder codeAlphabet(String value) { this.codeAlphabet = value; return this; }
        public Builder linkTemplate(String value) { this.linkTemplate = value; return this; }
        public Builder linkBinding(LinkBinding value) { this.linkBinding = value; return this; }
        public Builder loginOnGet(boolean value) { this.loginOnGet = value; return this; }
        public Builder resendDelay(Duration value) { this.resendDelay = value; return this; }
        public Builder requestsPerIdentifier(Rate value) { this.requestsPerIdentifier = value; return this; }
        public Builder requestsPerIp(Rate value) { this.requestsPerIp = value; return this; }
        public Builder failuresPerIdentifier(Rate value) { this.failuresPerIdentifier = value; return this; }
        public Builder failuresPerIp(Rate value) { this.failuresPerIp = value; return this; }
        public Builder onThrottleFailure(ThrottleFailurePolicy value) { this.onThrottleFailure = value; return this; }
        public Builder ipv6Prefix(int value) { this.ipv6Prefix = value; return this; }
        public Builder privilegedRoles(Set<String> value) { this.privilegedRoles = value; return this; }
        public Builder allowPrivilegedLogin(boolean value) { this.allowPrivilegedLogin = value; return this; }
        public Builder secret(String value) { this.secret = value; return this; }
        public Builder previousSecrets(List<String> value) { this.previousSecrets = new ArrayList<>(value); return this; }
        public Builder deliveryMaxAttempts(int value) { this.deliveryMaxAttempts = value; return this; }
        public Builder retryBackoff(Duration value) { this.retryBackoff = value; return this; }
        public Builder deliveryBatchSize(int value) { this.deliveryBatchSize = value; return this; }
        public Builder deliveryLease(Duration value) { this.deliveryLease = value; return this; }
        public Builder deliveryTimeout(Duration value) { this.deliveryTimeout = value; return this; }
        public Builder smsDefaultRegion(@Nullable String value) { this.smsDefaultRegion = value; return this; }
        public Builder smsAllowedCountries(Set<String> value) { this.smsAllowedCountries = value; return this; }
        public Builder sessionMaxAge(Duration value) { this.sessionMaxAge = value; return this; }
        public Builder locales(List<String> value) { this.locales = List.copyOf(value); return this; }

        public LatchkeyConfig build() {
            if (secret == null) {
                throw new InvalidSettingException(
                        "latchkey.secret is required: at least 32 random bytes, e.g. the output of 'openssl rand -base64 32'");
            }
            return new LatchkeyConfig(baseUrl, appName, channels, registration,
                    new ChallengeSettings(challengeTtl, maxUses, maxAttempts, wrongCodeBurns, resend),
                    new CodeSettings(codeLength, codeAlphabet),
                    new LinkSettings(linkTemplate, linkBinding, loginOnGet),
                    new ThrottleSettings(resendDelay, requestsPerIdentifier, requestsPerIp, failuresPerIdentifier, failuresPerIp,
                            onThrottleFailure, ipv6Prefix),
                    privilegedRoles, allowPrivilegedLogin,
                    SecretKeyRing.of(secret, previousSecrets),
                    new DeliverySettings(deliveryMaxAttempts, retryBackoff, deliveryBatchSize, deliveryLease,
                            deliveryTimeout),
                    new SmsSettings(smsDefaultRegion, smsAllowedCountries), SupportedLocales.of(locales), sessionMaxAge);
        }
    }
}
