package dev.warren.common;

/** The root of warren's unchecked exceptions. AMQP's checked exceptions never leak past it. */
public class WarrenException extends RuntimeException {
    public WarrenException(String message) { super(message); }
    public WarrenException(String message, Throwable cause) { super(message, cause); }
}
