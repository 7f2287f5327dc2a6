/**
 * The {@code warren} command line ({@code java -jar cli/target/warren.jar}); see {@link dev.warren.cli.Cli}.
 * Built on picocli: a command is a {@code @Command} class listed in {@code WarrenCommand}'s subcommands;
 * {@code Usage} shapes the help, {@code Errors} maps failures to exit codes. docs/cli.md is the reference.
 */
package dev.warren.cli;
