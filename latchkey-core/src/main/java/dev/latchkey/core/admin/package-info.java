/** What the admin API of SPEC §12 asks of the engine, and what it answers: the requests and outcomes of {@code Administration}. */
@NullMarked
package dev.latchkey.core.admin;

import org.jspecify.annotations.NullMarked;
