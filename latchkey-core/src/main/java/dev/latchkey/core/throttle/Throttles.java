package dev.latchkey.core.throttle;

import dev.latchkey.core.config.LatchkeyConfig.ThrottleSettings;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.config.ThrottleFailurePolicy;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.spi.ThrottleStore;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The limits of SPEC §3 {@code throttle.*} over a {@link ThrottleStore}. Keys are HMACs under the
 * current {@code latchkey.secret} (SPEC §2 rule 18), so the store never holds an address or IP in
 * the clear, nor a plain hash that a dictionary of addresses would reverse. An IPv6 client counts
 * by its {@code throttle.ipv6-prefix} (rule 11): one host usually holds a whole /64. When the store
 * fails, the {@code on-backend-failure} policy decides: fail closed
 * ({@link ThrottleUnavailableException}) or fail open (no limit, and {@code onFailure} hears of it).
 */
public final class Throttles {
    private static final System.Logger LOG = System.getLogger(Throttles.class.getName());

    private final ThrottleStore store;
    private final ThrottleSettings settings;
    private final Digests digests;
    private final @Nullable Rate resend;
    private final Consumer<RuntimeException> onFailure;

    public Throttles(ThrottleStore store, ThrottleSettings settings, SecretKeyRing keys,
                     Consumer<RuntimeException> onFailure) {
        this.store = store;
        this.settings = settings;
        this.digests = new Digests(keys);
        this.resend = settings.resendDelay().isZero() ? null : new Rate(1, settings.resendDelay());
        this.onFailure = onFailure;
    }

    /**
     * The windows a sign-in request counts against, in the order they are hit: the IP, the resend
     * delay and the identifier's hourly budget; the first full window refuses.
     */
    public List<ThrottleWindow> requestWindows(Identifier identifier, String ip) {
        String identifierHash = hash(identifier.value());
        List<ThrottleWindow> windows = new ArrayList<>(3);
        windows.add(new ThrottleWindow(ipKey("request-ip", ip), settings.requestsPerIp()));
        if (resend != null) {
            windows.add(new ThrottleWindow("resend:" + identifierHash, resend));
        }
        windows.add(new ThrottleWindow("request-id:" + identifierHash, settings.requestsPerIdentifier()));
        return windows;
    }

    /** Hits {@code windows} in order, under the {@code on-backend-failure} policy. */
    public ThrottleDecision hit(List<ThrottleWindow> windows, Instant now) {
        return guarded(() -> store.hitInOrder(windows, now), new ThrottleDecision.Allowed(0));
    }

    /** How long redemption stays refused for this identifier or IP after too many failures, if it is. */
    public Optional<Duration> lockedFor(Identifier identifier, String ip, Instant now) {
        return guarded(() -> {
            Duration longest = Duration.ZERO;
            for (ThrottleDecision decision : new ThrottleDecision[] {
                    store.check(key("failure-id", identifier.value()), settings.failuresPerIdentifier(), now),
                    store.check(ipKey("failure-ip", ip), settings.failuresPerIp(), now)}) {
                if (decision instanceof ThrottleDecision.Refused refused && refused.retryAfter().compareTo(longest) > 0) {
                    longest = refused.retryAfter();
                }
            }
            return longest.isZero() ? Optional.<Duration>empty() : Optional.of(longest);
        }, Optional.empty());
    }

    /**
     * Counts a failed redemption against the identifier and the IP. Returns true when this failure
     * filled the identifier's window, i.e. it is locked from now on (SPEC §2 rule 4).
     */
    public boolean recordFailure(Identifier identifier, String ip, Instant now) {
        return guarded(() -> {
            store.hit(ipKey("failure-ip", ip), settings.failuresPerIp(), now);
            ThrottleDecision byIdentifier = store.hit(key("failure-id", identifier.value()),
                    settings.failuresPerIdentifier(), now);
            return byIdentifier instanceof ThrottleDecision.Allowed allowed && allowed.remaining() == 0;
        }, false);
    }

    /** The windows a successful sign-in of {@code identifier} forgets: its failures. */
    public List<String> failureKeys(Identifier identifier) {
        return List.of(key("failure-id", identifier.value()));
    }

    /**
     * How long sign-ins that name no identifier, such as a passkey's, stay refused for this IP after
     * too many failures, if they are.
     */
    public Optional<Duration> ipLockedFor(String ip, Instant now) {
        return guarded(() -> store.check(ipKey("failure-ip", ip), settings.failuresPerIp(), now)
                instanceof ThrottleDecision.Refused refused ? Optional.of(refused.retryAfter()) : Optional.<Duration>empty(),
                Optional.empty());
    }

    /** Counts a failed sign-in that names no identifier, such as a passkey's, against the IP only (SPEC §10). */
    public void recordIpFailure(String ip, Instant now) {
        guarded(() -> store.hit(ipKey("failure-ip", ip), settings.failuresPerIp(), now), new ThrottleDecision.Allowed(0));
    }

    /**
     * Forgets {@code keys} after a successful sign-in. A store failure here is only logged: the
     * sign-in has happened, and a stale failure count is the safe side.
     */
    public void reset(List<String> keys) {
        for (String key : keys) {
            try {
                store.reset(key);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not reset a failure window after a sign-in: "
                        + e.getClass().getSimpleName());
            }
        }
    }

    /** Removes ended windows from the store. */
    public int purgeExpired(Instant now) {
        return store.purgeExpired(now);
    }

    private <T> T guarded(Supplier<T> call, T whenOpen) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (settings.onBackendFailure() == ThrottleFailurePolicy.FAIL_CLOSED) {
                throw new ThrottleUnavailableException(e);
            }
            onFailure.accept(e);
            return whenOpen;
        }
    }

    private String key(String kind, String value) {
        return kind + ":" + hash(value);
    }

    private String ipKey(String kind, String ip) {
        return key(kind, client(ip, settings.ipv6Prefix()));
    }

    private String hash(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digests.throttleKey(value).toBytes());
    }

    /**
     * The client an IP counts as: an IPv4 address (also one mapped into IPv6) whole, an IPv6
     * address as its first {@code ipv6Prefix} bits, e.g. {@code 2001:db8:0:0:0:0:0:0/64}. Anything
     * else is counted as given.
     */
    static String client(String ip, int ipv6Prefix) {
        // Only a literal with a colon is parsed: InetAddress never resolves such a name through DNS.
        int zone = ip.indexOf('%');
        String literal = zone < 0 ? ip : ip.substring(0, zone);
        if (literal.indexOf(':') < 0) {
            return ip;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return ip;
        }
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        for (int bit = ipv6Prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + ipv6Prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", e);
        }
    }
}
