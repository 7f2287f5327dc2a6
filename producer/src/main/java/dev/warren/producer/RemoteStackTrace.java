package dev.warren.producer;

/**
 * The remote exception rebuilt from its stack text, as the cause of a {@link RemoteTaskException} (Python chains a
 * {@code _RemoteTraceback} the same way), so {@code printStackTrace()} and loggers show the remote frames. Nested
 * {@code Caused by:} and {@code Suppressed:} blocks become its causes and suppressed exceptions.
 *
 * <p>Text only, never Java deserialization: the remote class need not exist here, so this is always this class.
 * {@link #getMessage()} is the remote header line ({@code java.lang.ArithmeticException: / by zero}) and
 * {@link #toString()} is that line alone, so {@code printStackTrace()} prints the remote text as the worker printed it.
 * Its frames come from the text only; it records none of the local stack.
 */
final class RemoteStackTrace extends Exception {
    private static final long serialVersionUID = 1L;

    RemoteStackTrace(String header, StackTraceElement[] frames, RemoteStackTrace cause) {
        super(header, cause, true, true);
        setStackTrace(frames);
    }

    /** The remote stack text parsed into a chain; null when the text is empty (protocol errors carry none). */
    static RemoteStackTrace parse(String stackText) {
        return StackText.parse(stackText);
    }

    @Override public synchronized Throwable fillInStackTrace() {
        return this; // the frames are the remote ones, set from the text
    }

    @Override public String toString() {
        return getMessage();
    }
}
