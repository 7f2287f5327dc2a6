/**
 * What {@code warren status} and {@code warren dead} do, without the command-line framework: read the fleet's
 * announcements and the queue's counts ({@link dev.warren.cli.fleet.StatusReader}), render them
 * ({@link dev.warren.cli.fleet.StatusText}), and list, show, replay and purge {@code <queue>.dead}
 * ({@link dev.warren.cli.fleet.DeadLetters}). The wire formats live in common ({@code Announcement},
 * {@code DeadLetter}); the supervisor's dashboard reads the same ones.
 */
package dev.warren.cli.fleet;
