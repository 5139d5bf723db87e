package dev.latchkey.core.delivery;

import dev.latchkey.core.identity.Channel;
import java.time.Duration;

/** Hears delivery outcomes, e.g. to count them as metrics. Every method does nothing by default. */
public interface DeliveryObserver {

    /** A message left; {@code latency} runs from the request to the provider's acceptance. */
    default void sent(Channel channel, Duration latency) {
    }

    /** A send failed and will be retried. */
    default void failed(Channel channel) {
    }

    /** Every allowed send failed. */
    default void abandoned(Channel channel) {
    }

    static DeliveryObserver none() {
        return new DeliveryObserver() {
        };
    }
}
