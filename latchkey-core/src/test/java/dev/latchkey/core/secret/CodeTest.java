package dev.latchkey.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.LatchkeyConfig.CodeSettings;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void generateWhenAlphabetSizeDoesNotDivide256ThenEveryCharacterIsEquallyLikely() {
        // 7 symbols: a plain modulo would give the first 4 symbols 37/256 and the rest 36/256, a 2.8% skew.
        CodeSettings settings = new CodeSettings(12, "ABCDEFG");
        Map<Character, Integer> counts = new HashMap<>();
        int draws = 0;
        for (int i = 0; i < 40_000; i++) {
            for (char c : Code.generate(random, settings).reveal().toCharArray()) {
                counts.merge(c, 1, Integer::sum);
                draws++;
            }
        }
        double expected = draws / 7.0;
        double chiSquare = counts.values().stream().mapToDouble(n -> (n - expected) * (n - expected) / expected).sum();
        assertThat(counts).hasSize(7);
        // 6 degrees of freedom: p = 0.0001 at 27.86; a modulo bias of this size scores in the hundreds.
        assertThat(chiSquare).isLessThan(27.86);
    }

    @Test
    void generateWhenConfiguredThenHasLengthAndAlphabet() {
        assertThat(Code.generate(random, new CodeSettings(4, "0123456789")).reveal()).matches("[0-9]{4}");
        assertThat(Code.generate(random, new CodeSettings(12, "ABCDEFGHJKMNPQRSTVWXYZ")).reveal())
                .matches("[A-HJKMNP-TV-Z]{12}");
    }

    @Test
    void fromInputWhenSpacesDashesAndLowerCaseThenNormalised() {
        CodeSettings upper = new CodeSettings(6, "ABCDEF0123");
        assertThat(Code.fromInput(" ab-c 1\u00a023 ", upper).reveal()).isEqualTo("ABC123");
        CodeSettings mixed = new CodeSettings(6, "abcDEF");
        assertThat(Code.fromInput("ab-cDEF", mixed).reveal()).isEqualTo("abcDEF");
    }

    @Test
    void linkTokenWhenGeneratedThenHas256BitsAsBase64Url() {
        assertThat(LinkToken.generate(random).reveal()).matches("[A-Za-z0-9_-]{43}");
        assertThat(LinkToken.generate(random).reveal()).isNotEqualTo(LinkToken.generate(random).reveal());
    }
}
