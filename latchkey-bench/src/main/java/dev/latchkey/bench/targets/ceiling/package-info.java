/** No-op endpoints on the same stack: the throughput limit the other targets are measured against. */
@NullMarked
package dev.latchkey.bench.targets.ceiling;

import org.jspecify.annotations.NullMarked;
