package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Start-up failures, which need no Redis: they must be quick, say what to set, and keep the password out. */
class RedisThrottleStoreConnectTest {

    @Test
    void connectWhenNothingListensThenFailsFastNamingHostAndSettings() {
        assertTimeout(Duration.ofSeconds(5), () -> assertThatIllegalStateException()
                .isThrownBy(() -> RedisThrottleStore.connect("redis://:secret@127.0.0.1:1", "latchkey:"))
                .withMessageStartingWith("Redis at redis://127.0.0.1:1 is not reachable: ")
                .withMessageEndingWith("; set spring.data.redis.* or latchkey.throttle.backend=memory|jdbc")
                .satisfies(e -> assertThat(messagesAndCauses(e)).noneMatch(m -> m.contains("secret"))));
    }

    /** An unescaped space in a pasted password makes java.net.URI quote the whole URI back. */
    @Test
    void connectWhenUriMalformedThenSaysSoWithoutEchoingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisThrottleStore.connect("redis://:secret pass@127.0.0.1:6379", "latchkey:"))
                .withMessageStartingWith("not a Redis URI")
                .satisfies(e -> assertThat(messagesAndCauses(e)).noneMatch(m -> m.contains("secret")));
    }

    private static Stream<String> messagesAndCauses(Throwable thrown) {
        return Stream.iterate(thrown, Objects::nonNull, Throwable::getCause).map(Throwable::toString);
    }
}
