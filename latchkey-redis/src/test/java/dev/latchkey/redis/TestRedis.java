package dev.latchkey.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.jspecify.annotations.Nullable;

/**
 * The Redis on 127.0.0.1:6379, connected once per JVM. An unreachable server skips the test, except
 * on CI ({@code CI=true}), where it fails and says how to start it.
 */
final class TestRedis {
    /** {@code LATCHKEY_TEST_REDIS_URL} points a parallel checkout at its own database index. */
    static final String URI = System.getenv().getOrDefault("LATCHKEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final String HOW_TO_START = "start it with: redis-server --daemonize yes --bind 127.0.0.1"
            + " --port 6379 --save \"\" --appendonly no (or run .ci/run, which starts it)";
    private static final Redis REDIS = open();

    private TestRedis() {
    }

    /** A client and its first connection, or the failure to make them, so later classes do not wait again. */
    private record Redis(@Nullable RedisClient client, @Nullable StatefulRedisConnection<String, String> connection,
            @Nullable RedisException failure) {}

    /** The connection every test shares, as one server instance would. */
    static StatefulRedisConnection<String, String> connection() {
        if (REDIS.connection() == null) {
            throw unreachable(REDIS.failure());
        }
        return REDIS.connection();
    }

    /** Another connection, as a second server instance would have; the caller closes it. */
    static StatefulRedisConnection<String, String> newConnection() {
        connection();
        return REDIS.client().connect();
    }

    /** Deletes every key under {@code prefix}, which must hold no glob characters. */
    static void deleteKeys(String prefix) {
        RedisCommands<String, String> commands = connection().sync();
        ScanArgs matching = ScanArgs.Builder.matches(prefix + "*").limit(1_000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, matching);
            if (!page.getKeys().isEmpty()) {
                commands.del(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private static Redis open() {
        RedisURI uri = RedisURI.create(URI);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        try {
            return new Redis(client, client.connect(), null);
        } catch (RedisException e) {
            client.shutdown();
            return new Redis(null, null, e);
        }
    }

    /** On CI a missing Redis is a broken build; on a laptop it only skips the test. */
    private static RuntimeException unreachable(@Nullable RedisException failure) {
        String message = "Redis on 127.0.0.1:6379 is not reachable: " + failure;
        if ("true".equals(System.getenv("CI"))) {
            return new IllegalStateException(message + "; " + HOW_TO_START, failure);
        }
        return Assumptions.abort(message + "; " + HOW_TO_START);
    }
}
