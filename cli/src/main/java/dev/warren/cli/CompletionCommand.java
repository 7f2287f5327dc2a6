package dev.warren.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warren completion [bash|zsh]}: prints the shell completion script that picocli's
 * {@link AutoComplete} generates from the command tree, so it always matches the commands and
 * options of this jar. zsh runs the same script through {@code bashcompinit}.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Print the shell completion script (bash; zsh with bashcompinit).",
            "Try it in this shell:",
            "  source <(warren completion bash)",
            "Keep it (bash-completion loads it in every new shell):",
            "  warren completion bash > ~/.local/share/bash-completion/completions/warren",
            "zsh, in ~/.zshrc:",
            "  autoload -U +X bashcompinit && bashcompinit",
            "  source <(warren completion zsh)"})
final class CompletionCommand implements Callable<Integer> {
    static final class Shells implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return java.util.List.of("bash", "zsh").iterator(); }
    }

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", defaultValue = "bash", completionCandidates = Shells.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); the script is the same for both.")
    String shell;

    @Override public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "SHELL must be bash or zsh: " + shell);
        }
        spec.commandLine().getOut().print(AutoComplete.bash("warren", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return Cli.OK;
    }
}
