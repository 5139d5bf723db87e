package dev.latchkey.core.config;

/**
 * A setting that cannot work. The message names the property, the problem and an example value,
 * e.g. {@code latchkey.code.length must be between 4 and 12 (was 3)}.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
