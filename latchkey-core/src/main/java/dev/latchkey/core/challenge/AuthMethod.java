package dev.latchkey.core.challenge;

/** How a person proved they hold the identifier. */
public enum AuthMethod {
    /** Opened the link. */
    LINK("link"),
    /** Typed the code. */
    CODE("otp");

    private final String amr;

    AuthMethod(String amr) {
        this.amr = amr;
    }

    /** The RFC 8176 {@code amr} value for access tokens: {@code link} or {@code otp}. */
    public String amr() {
        return amr;
    }
}
