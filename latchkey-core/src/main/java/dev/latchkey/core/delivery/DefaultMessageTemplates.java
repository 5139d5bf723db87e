package dev.latchkey.core.delivery;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.identity.Channel;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The built-in messages of SPEC §4.2: email with text and HTML parts, and SMS ending with the
 * origin-bound {@code @host #code} line that browsers and phones use to fill the code in. They are written in
 * English whatever the context's locale; the starter's templates speak every language of {@code latchkey.locales}.
 */
public final class DefaultMessageTemplates implements MessageTemplates {
    /** Subject of the notice sent to the previous address after an email change. */
    public static final String NOTICE_SUBJECT = "Your email address was changed";
    /** Subject of the notice sent after a passkey was added to an account. */
    public static final String PASSKEY_NOTICE_SUBJECT = "A passkey was added to your account";
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    @Override
    public OutgoingMessage render(MessageContext c) {
        if (c.recipient().channel() == Channel.SMS) {
            return new OutgoingMessage(c.recipient(), null, sms(c), null);
        }
        return new OutgoingMessage(c.recipient(), subject(c.purpose()), text(c), html(c));
    }

    @Override
    public OutgoingMessage renderNotice(NoticeContext c) {
        String when = WHEN.format(c.changedAt()) + " from " + c.requester().ip() + " (" + c.browserFamily() + ")";
        String text = "Hello,\n\nThe email address of your " + c.appName() + " account was changed to "
                + c.newAddress().masked() + " on " + when + ".\n\n"
                + "Sign-in messages now go to the new address. If this wasn't you, contact support right away.\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\"><p>Hello,</p>"
                + "<p>The email address of your " + escape(c.appName()) + " account was changed to <strong>"
                + escape(c.newAddress().masked()) + "</strong> on " + escape(when) + ".</p>"
                + "<p>Sign-in messages now go to the new address. If this wasn't you, contact support right away.</p>"
                + "</body></html>";
        return new OutgoingMessage(c.recipient(), NOTICE_SUBJECT, text, html);
    }

    @Override
    public OutgoingMessage renderPasskeyNotice(PasskeyNoticeContext c) {
        String when = WHEN.format(c.addedAt()) + " from " + c.requester().ip() + " (" + c.browserFamily() + ")";
        String text = "Hello,\n\nA passkey was added to your " + c.appName() + " account on " + when + ".\n\n"
                + "It can now sign in to your account with one touch. If this wasn't you, sign in, remove it "
                + "on your account page and sign out everywhere.\n";
        String html = "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\"><p>Hello,</p>"
                + "<p>A passkey was added to your " + escape(c.appName()) + " account on " + escape(when) + ".</p>"
                + "<p>It can now sign in to your account with one touch. If this wasn't you, sign in, remove it "
                + "on your account page and sign out everywhere.</p></body></html>";
        return new OutgoingMessage(c.recipient(), PASSKEY_NOTICE_SUBJECT, text, html);
    }

    /** The subject line of an email for {@code purpose}. */
    public static String subject(Purpose purpose) {
        return purpose == Purpose.LOGIN ? "Your sign-in link" : "Confirm your new email address";
    }

    private static String sms(MessageContext c) {
        return "Your " + c.appName() + " code is " + c.code() + ". " + c.link() + "\n\n@" + c.originHost() + " #" + c.code();
    }

    private static String action(MessageContext c) {
        return c.purpose() == Purpose.LOGIN
                ? "sign in to " + c.appName()
                : "confirm " + c.recipient().value() + " as your new email address for " + c.appName();
    }

    private static String origin(MessageContext c) {
        return WHEN.format(c.requestedAt()) + " from " + c.requester().ip() + " (" + c.browserFamily() + ")";
    }

    private static String text(MessageContext c) {
        return "Hello,\n\n"
                + "Open this link to " + action(c) + ":\n\n"
                + c.link() + "\n\n"
                + "Or type this code: " + c.code() + "\n\n"
                + "The link and code work for " + c.expiresInMinutes() + " minutes.\n\n"
                + "Requested " + origin(c) + ".\n"
                + "If this wasn't you, ignore this message.\n";
    }

    private static String html(MessageContext c) {
        return "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
                + "<p>Hello,</p>"
                + "<p><a href=\"" + escape(c.link()) + "\">Click here to " + escape(action(c)) + "</a></p>"
                + "<p>Or type this code: <strong style=\"font-size:1.4em;letter-spacing:0.1em\">"
                + escape(c.code()) + "</strong></p>"
                + "<p>The link and code work for " + c.expiresInMinutes() + " minutes.</p>"
                + "<p style=\"color:#555\">Requested " + escape(origin(c)) + ".<br>"
                + "If this wasn't you, ignore this message.</p>"
                + "</body></html>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
