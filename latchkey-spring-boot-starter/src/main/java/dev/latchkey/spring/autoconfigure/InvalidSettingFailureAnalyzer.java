package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.config.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a Latchkey setting that cannot work into Boot's start-up report: what is wrong, and what to change. */
final class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis("Latchkey cannot start: " + cause.getMessage(),
                "Change the property named above, in application.properties or as an environment variable"
                        + " (for example LATCHKEY_SECRET for latchkey.secret).", cause);
    }
}
