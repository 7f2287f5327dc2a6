/**
 * The {@code warren} command line ({@code java -jar cli/target/warren.jar}); see {@link dev.warren.cli.Cli}.
 * Commands implement {@code Command} and are registered with one line in {@code Commands}.
 */
package dev.warren.cli;
