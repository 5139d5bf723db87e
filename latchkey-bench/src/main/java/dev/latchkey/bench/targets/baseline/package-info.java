/** Spring Security's one-time-token login on JDBC, the baseline Latchkey is compared with. */
@NullMarked
package dev.latchkey.bench.targets.baseline;

import org.jspecify.annotations.NullMarked;
