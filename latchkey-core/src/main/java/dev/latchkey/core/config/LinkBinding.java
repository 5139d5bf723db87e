package dev.latchkey.core.config;

/** Whether a link must be opened in the browser that asked for it (SPEC §4.3). */
public enum LinkBinding {
    /** Any browser may use the link, after a confirmation click. */
    NONE,
    /** The asking browser signs in at once; any other browser sees a confirmation page first. */
    PREFER,
    /** Only the asking browser may use the link; elsewhere the code must be typed on the original device. */
    REQUIRE
}
