package dev.latchkey.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The client IP used for throttles (SPEC §2 rule 11): the socket's peer, or the nearest untrusted
 * address in {@code X-Forwarded-For} when the peer is one of {@code latchkey.trusted-proxies}. Every
 * header line counts, joined in order, and is read right to left past the trusted proxies.
 */
public final class ClientIpResolver {
    private final List<IpAddressMatcher> trustedProxies;

    public ClientIpResolver(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    public String resolve(HttpServletRequest request) {
        return canonical(client(request));
    }

    private String client(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!trusted(peer)) {
            return peer;
        }
        // Each proxy may add its own header line rather than append to the first: read them all, in order.
        List<String> lines = Collections.list(request.getHeaders("X-Forwarded-For"));
        if (lines.isEmpty()) {
            return peer;
        }
        String[] hops = String.join(",", lines).split(",");
        // Walk from the nearest hop back; the first address that is not one of our proxies is the client.
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (hop.isEmpty() || !looksLikeIp(hop)) {
                return peer;
            }
            if (!trusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /**
     * One spelling per address, so {@code ::1} and {@code 0:0:0:0:0:0:0:1} share a throttle window and
     * pages show the short form (RFC 5952: the longest run of zero groups becomes {@code ::}).
     */
    static String canonical(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        String[] groups;
        try {
            groups = InetAddress.getByName(address.replaceAll("%.*$", "")).getHostAddress().split(":");
        } catch (UnknownHostException e) {
            return address;
        }
        if (groups.length != 8) {
            return address;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && "0".equals(groups[j])) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        return String.join(":", Arrays.copyOfRange(groups, 0, bestStart)) + "::"
                + String.join(":", Arrays.copyOfRange(groups, bestStart + bestLength, 8));
    }

    private boolean trusted(String address) {
        for (IpAddressMatcher matcher : trustedProxies) {
            try {
                if (matcher.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean looksLikeIp(String value) {
        return value.length() <= 45 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
    }
}
