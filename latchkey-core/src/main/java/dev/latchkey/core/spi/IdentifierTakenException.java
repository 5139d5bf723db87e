package dev.latchkey.core.spi;

/** An email address or phone number already belongs to another account. */
public final class IdentifierTakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IdentifierTakenException() {
        super("this email address or phone number belongs to another account");
    }

    public IdentifierTakenException(Throwable cause) {
        super("this email address or phone number belongs to another account", cause);
    }
}
