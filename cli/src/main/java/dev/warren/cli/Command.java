package dev.warren.cli;

/** One sub-command of the {@code warren} command line. */
interface Command {
    /** The argument line after the command name, e.g. {@code submit TASK INPUT_JSON [--timeout D]}. */
    String usage();

    /** One line for {@code warren help}. */
    String summary();

    /** Which options take a value and which are flags. */
    Args.Spec spec();

    /**
     * Runs the command; returns the exit code ({@link Cli#OK}, {@link Cli#FAILED}).
     *
     * @throws UsageException when the arguments are wrong (exit {@link Cli#USAGE})
     */
    int run(Args args, Io io);
}
