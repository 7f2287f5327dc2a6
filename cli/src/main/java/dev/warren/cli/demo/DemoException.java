package dev.warren.cli.demo;

/** A step of the demo failed; the message says what and, where it helps, how to fix it. */
final class DemoException extends RuntimeException {
    DemoException(String message) { super(message); }

    DemoException(String message, Throwable cause) { super(message, cause); }
}
