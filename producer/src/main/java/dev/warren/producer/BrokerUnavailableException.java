package dev.warren.producer;

import dev.warren.common.WarrenException;

/**
 * The broker cannot be reached: at connect, or for longer than
 * {@link ProducerOptions#brokerLossTimeout()} while running. The message names the broker by its
 * masked URI (never the password).
 */
public class BrokerUnavailableException extends WarrenException {
    /** @param message names the broker by its masked URI */
    public BrokerUnavailableException(String message) { super(message); }
    /**
     * @param message names the broker by its masked URI
     * @param cause   the client's own exception
     */
    public BrokerUnavailableException(String message, Throwable cause) { super(message, cause); }
}
