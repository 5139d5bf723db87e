/** Settings of the engine, validated when built, with messages that name the property to change. */
@NullMarked
package dev.latchkey.core.config;

import org.jspecify.annotations.NullMarked;
