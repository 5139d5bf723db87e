package dev.latchkey.core.delivery;

/**
 * Renders messages. A challenge's message must hold no secret beyond the context's one link and
 * one code (SPEC §2 rule 16); a notice holds none at all.
 */
public interface MessageTemplates {

    /** The message carrying a challenge's link and code. */
    OutgoingMessage render(MessageContext context);

    /** The notice to an account's previous address that its email changed. */
    OutgoingMessage renderNotice(NoticeContext context);

    /** The notice to an account's address that a passkey was added to it (SPEC §10). */
    OutgoingMessage renderPasskeyNotice(PasskeyNoticeContext context);
}
