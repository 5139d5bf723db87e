/** Audit events and their listeners. Events never carry a token or code. */
@NullMarked
package dev.latchkey.core.audit;

import org.jspecify.annotations.NullMarked;
