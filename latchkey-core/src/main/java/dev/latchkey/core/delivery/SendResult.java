package dev.latchkey.core.delivery;

/** What a sender reports for one message. */
public sealed interface SendResult {

    /** The provider accepted the message. */
    record Sent() implements SendResult {}

    /**
     * The provider did not take it.
     *
     * @param reason a short description without secrets, e.g. {@code smtp 451}
     * @param retryable false when trying again cannot help, e.g. a number the provider calls invalid
     */
    record Failed(String reason, boolean retryable) implements SendResult {}
}
