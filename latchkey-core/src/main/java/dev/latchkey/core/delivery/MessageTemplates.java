package dev.latchkey.core.delivery;

/**
 * Renders the message of one challenge. Implementations must put no secret in it beyond the
 * context's one link and one code (SPEC §2 rule 16).
 */
@FunctionalInterface
public interface MessageTemplates {

    OutgoingMessage render(MessageContext context);
}
