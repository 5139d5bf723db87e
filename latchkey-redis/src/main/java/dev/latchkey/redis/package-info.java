/**
 * Latchkey's stores on Redis through Lettuce. {@link dev.latchkey.redis.RedisThrottleStore} shares
 * throttle windows between every instance on one Redis, which expires them itself.
 */
@NullMarked
package dev.latchkey.redis;

import org.jspecify.annotations.NullMarked;
