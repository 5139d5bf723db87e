package dev.latchkey.spring.web;

import dev.latchkey.spring.delivery.DevMailbox;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code GET /dev/mailbox}: the messages sent, newest first, with working links. Only with
 * {@code latchkey.mail.transport=dev-mailbox}, and only for loopback clients (the socket's peer, never
 * {@code X-Forwarded-For}) unless {@code latchkey.dev-mailbox.allow-remote=true}; anyone else gets the 404
 * of a page that does not exist (SPEC §2 rule 19).
 */
@Controller
public final class DevMailboxController {
    private static final Pattern LINK = Pattern.compile("\\b[a-z][a-z0-9+.-]*://\\S+");
    /** The development mailbox is a tool for developers, in English. */
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final DevMailbox mailbox;
    private final boolean allowRemote;

    public DevMailboxController(DevMailbox mailbox, boolean allowRemote) {
        this.mailbox = mailbox;
        this.allowRemote = allowRemote;
    }

    /** A piece of a message body: plain text, or a link to show as an anchor. */
    public record Segment(String text, boolean link) {}

    /** One message as the page shows it. */
    public record Shown(String recipient, String subject, String sentAt, List<Segment> body) {}

    @GetMapping("/dev/mailbox")
    public ModelAndView mailbox(HttpServletRequest request) {
        if (!allowRemote && !loopback(request.getRemoteAddr())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        List<Shown> shown = mailbox.messages().stream()
                .map(m -> new Shown(m.recipient(), m.subject() == null ? "Text message" : m.subject(),
                        WHEN.format(m.sentAt()), segments(m.text())))
                .toList();
        return new ModelAndView("latchkey/dev-mailbox", Map.of("messages", shown));
    }

    private static boolean loopback(String address) {
        try {
            // The peer address is always a literal, so this never asks DNS.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static List<Segment> segments(String text) {
        List<Segment> segments = new ArrayList<>();
        Matcher link = LINK.matcher(text);
        int at = 0;
        while (link.find()) {
            segments.add(new Segment(text.substring(at, link.start()), false));
            String url = link.group();
            // A sentence's full stop is not part of the link.
            String trimmed = url.endsWith(".") ? url.substring(0, url.length() - 1) : url;
            segments.add(new Segment(trimmed, true));
            at = link.start() + trimmed.length();
        }
        segments.add(new Segment(text.substring(at), false));
        return segments;
    }
}
