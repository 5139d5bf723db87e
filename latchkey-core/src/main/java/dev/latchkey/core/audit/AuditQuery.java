package dev.latchkey.core.audit;

import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which audit events to list, newest first (SPEC §12): of one user and of one type when given,
 * older than the {@code after} position, at most {@code limit}.
 *
 * @param user only this user's events, or null for all
 * @param type only events of this type, or null for all
 * @param after list only events after this position in the listing, i.e. older; null from the newest
 * @param limit at most this many, at least 1
 */
public record AuditQuery(@Nullable UserId user, @Nullable AuditEventType type, @Nullable Position after, int limit) {

    public AuditQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1 (was " + limit + ")");
        }
    }

    /** Whether {@code event} is one this query lists (its limit aside). */
    public boolean matches(RecordedEvent event) {
        AuditEvent e = event.event();
        return (user == null || user.equals(e.userId())) && (type == null || type == e.type())
                && (after == null || e.at().isBefore(after.at()) || e.at().equals(after.at()) && event.id() < after.id());
    }

    /**
     * Where a page ended: the time and id of its last event, as events are ordered (time, then id, both
     * descending). Its text form is the {@code next} cursor of the admin API.
     *
     * @param at the time of the last event listed
     * @param id its trail id
     */
    public record Position(Instant at, long id) {

        public Position {
            Objects.requireNonNull(at, "at");
        }

        /** The position after {@code event}. */
        public static Position after(RecordedEvent event) {
            return new Position(event.event().at(), event.id());
        }

        /** The cursor text, e.g. {@code 1893488400000000-42}: microseconds since the epoch, then the id. */
        public String cursor() {
            return (at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000) + "-" + id;
        }

        /** The position a {@link #cursor()} names, or empty when the text is not one. */
        public static Optional<Position> parse(String cursor) {
            int dash = cursor.indexOf('-', 1);
            if (dash < 0) {
                return Optional.empty();
            }
            try {
                long micros = Long.parseLong(cursor.substring(0, dash));
                long id = Long.parseLong(cursor.substring(dash + 1));
                if (micros < 0 || id < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Position(Instant.ofEpochSecond(micros / 1_000_000,
                        (micros % 1_000_000) * 1_000), id));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
