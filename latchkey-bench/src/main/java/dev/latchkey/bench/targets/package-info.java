/** Spring Boot applications the load driver starts as separate processes, one package per target. */
@NullMarked
package dev.latchkey.bench.targets;

import org.jspecify.annotations.NullMarked;
