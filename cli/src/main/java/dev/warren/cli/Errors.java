package dev.warren.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into the documented exit code and one readable line on stderr:
 * <ul>
 *   <li>a wrong command line (picocli's own errors, and a {@link ParameterException} or
 *       {@link IllegalArgumentException} from a command: a bad input, a bad setting) →
 *       {@code warren submit: missing INPUT_JSON}, the usage line, exit {@value Cli#USAGE};</li>
 *   <li>anything else a command throws (the broker, a task) → {@code error: ...}, exit {@value Cli#FAILED}.</li>
 * </ul>
 */
final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler {
    @Override public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + message(ex));
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            err.println("did you mean: " + String.join(", ", u.getSuggestions()) + "?");
        }
        usageLine(cl, err);
        return Cli.USAGE;
    }

    @Override public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (ex instanceof IllegalArgumentException) {
            err.println(cl.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
            usageLine(cl, err);
            return Cli.USAGE;
        }
        err.println("error: " + Connect.describe(ex));
        err.flush();
        return Cli.FAILED;
    }

    /** The error in the words of the old hand-written parser, where picocli's differ; else picocli's. */
    static String message(ParameterException ex) {
        if (ex instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
            List<CommandLine.Model.ArgSpec> missing = m.getMissing();
            if (missing.stream().allMatch(CommandLine.Model.ArgSpec::isPositional)) return "missing " + Usage.labels(missing);
            if (missing.size() == 1 && ex.getMessage().startsWith("Missing required parameter for option")) {
                return Usage.labels(missing) + " needs a value";
            }
        }
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            if (u.isUnknownOption()) return "unknown option " + first;
            if (ex.getCommandLine().getParent() == null) return "unknown command '" + first + "'";
            return "unexpected argument '" + first + "'";
        }
        return ex.getMessage();
    }

    /** {@code usage: warren submit TASK INPUT_JSON [OPTIONS]} and where to read more. */
    private static void usageLine(CommandLine cl, PrintWriter err) {
        Help help = cl.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
    }
}
