package dev.latchkey.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The languages pages and messages are offered in, {@code latchkey.locales} (SPEC §14), and the rule that picks
 * one: the first named locale that matches a supported one wins; unsupported ones are skipped.
 *
 * @param all the supported locales, in the order the setting lists them
 */
public record SupportedLocales(List<Locale> all) {
    /** The locale every choice falls back to when nothing else matches. */
    public static final Locale FALLBACK = Locale.ENGLISH;

    public SupportedLocales {
        all = List.copyOf(all);
        if (all.isEmpty() || all.stream().anyMatch(locale -> locale.getLanguage().isEmpty())) {
            throw new InvalidSettingException("latchkey.locales must list language tags, e.g. en,de (was " + all + ")");
        }
    }

    /** Parses a list of language tags such as {@code en, de-CH}. */
    public static SupportedLocales of(List<String> tags) {
        return new SupportedLocales(tags.stream().map(tag -> Locale.forLanguageTag(tag.strip())).toList());
    }

    /**
     * The supported locale {@code named} asks for, by RFC 4647 lookup ({@code de-AT} finds {@code de}), or empty
     * when it is null or not supported.
     */
    public Optional<Locale> match(@Nullable Locale named) {
        if (named == null || named.getLanguage().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Locale.lookup(Locale.LanguageRange.parse(named.toLanguageTag()), all));
    }

    /** The first of {@code named} that is supported, as the supported locale, or empty when none is. */
    public Optional<Locale> firstMatch(List<Locale> named) {
        return named.stream().flatMap(locale -> match(locale).stream()).findFirst();
    }
}
