package dev.warren.cli;

/** The command line is wrong; the CLI prints the message and the command's usage and exits 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) { super(message); }
}
