package dev.latchkey.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A limit of {@code count} events per {@code window}, written {@code 5/1h}, {@code 50/15m} or {@code 1/60s}.
 *
 * @param count events allowed in one window, at least 1
 * @param window how long a window lasts once its first event opens it
 */
public record Rate(int count, Duration window) {
    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*");

    public Rate {
        Objects.requireNonNull(window, "window");
        if (count < 1) {
            throw new IllegalArgumentException("a rate allows at least 1 event (was " + count + ")");
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a rate's window must be positive (was " + window + ")");
        }
    }

    /** Parses {@code COUNT/AMOUNTUNIT} with unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. */
    public static Rate parse(String text) {
        Matcher m = FORMAT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("a rate looks like 5/1h or 50/15m (was '" + text + "')");
        }
        long amount = Long.parseLong(m.group(2));
        Duration window = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        return new Rate(Integer.parseInt(m.group(1)), window);
    }

    /** Same as {@link #parse}; lets frameworks convert settings such as {@code latchkey.throttle.requests-per-ip=30/1h}. */
    public static Rate valueOf(String text) {
        return parse(text);
    }

    @Override
    public String toString() {
        return count + "/" + window;
    }
}
