package dev.warren.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The help text's shape, the same for every command: {@code usage: warren submit TASK INPUT_JSON [OPTIONS]}
 * (arguments first, as people type them), the documented exit codes, and on {@code warren --help}
 * a command list that shows each command's usage line.
 */
final class Usage {
    /** The exit codes, as {@code --help} lists them. */
    static final Map<String, String> EXIT_CODES = exitCodes();

    private Usage() {}

    private static Map<String, String> exitCodes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Integer.toString(Cli.OK), "ok");
        m.put(Integer.toString(Cli.FAILED), "a task failed or timed out, or the broker could not be used");
        m.put(Integer.toString(Cli.USAGE), "the command line (or a setting in the environment) is wrong");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Applies the shape to the command and everything below it. */
    static void configure(CommandLine top) {
        top.getCommandSpec().usageMessage().customSynopsis("warren [OPTIONS] COMMAND [ARGS]");
        top.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Usage::commandList);
        walk(top, true);
    }

    private static void walk(CommandLine cl, boolean top) {
        CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().synopsisHeading("usage: ").exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES)
                .abbreviateSynopsis(true);
        if (!top) spec.usageMessage().customSynopsis(synopsis(spec));
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, false);
    }

    /** {@code warren map TASK FILE|- [OPTIONS]}: the positional parameters in order, then the options. */
    static String synopsis(CommandSpec spec) {
        StringJoiner line = new StringJoiner(" ");
        line.add(spec.qualifiedName());
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
            line.add(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        if (spec.options().stream().anyMatch(o -> !o.hidden())) line.add("[OPTIONS]");
        if (!spec.subcommands().isEmpty()) line.add("COMMAND"); // warren dead COMMAND
        return line.toString();
    }

    /** The top command's list: name, what it does, and its usage line. */
    private static String commandList(Help help) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Help> e : help.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().commandSpec();
            if (sub.usageMessage().hidden()) continue;
            String[] header = sub.usageMessage().header(); // picocli's help command has a header, ours a description
            String[] description = header.length > 0 ? header : sub.usageMessage().description();
            String summary = description.length == 0 ? "" : description[0];
            sb.append(String.format("  %-11s %s%n", e.getKey(), summary.replace("%%", "%")));
            sb.append(String.format("  %-11s %s%n", "", synopsis(sub)));
        }
        return sb.toString();
    }

    /** The labels of the missing arguments, for {@code missing INPUT_JSON}. */
    static String labels(java.util.List<ArgSpec> args) {
        StringJoiner j = new StringJoiner(", ");
        for (ArgSpec a : args) j.add(a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName() : a.paramLabel());
        return j.toString();
    }
}
