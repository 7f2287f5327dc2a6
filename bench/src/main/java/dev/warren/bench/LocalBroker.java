package dev.warren.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the process of a broker on this machine: the one holding the listening socket of the bench's
 * broker port ({@code /proc/net/tcp*}, then {@code /proc/PID/fd}). Its CPU per task is the {@code cost.broker-cpu}
 * row: on a machine whose cores the broker shares with both sides, what each side's messages cost the broker.
 */
final class LocalBroker {
    private LocalBroker() {}

    /** The pid listening on {@code port}, or -1 when the broker is elsewhere or /proc cannot tell. */
    static long pid(InetAddress address, int port) {
        if (address == null || !address.isLoopbackAddress()) return -1;
        Set<String> sockets = listening(port);
        if (sockets.isEmpty()) return -1;
        return ProcessHandle.allProcesses().filter(p -> holds(p.pid(), sockets)).mapToLong(ProcessHandle::pid)
                .findFirst().orElse(-1);
    }

    /** The socket inodes in LISTEN state (st 0A) on the port, IPv4 and IPv6. */
    private static Set<String> listening(int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) inodes.add("socket:[" + f[9] + "]");
                }
            } catch (IOException e) {
                // no such table (no IPv6) or not Linux
            }
        }
        return inodes;
    }

    private static boolean holds(long pid, Set<String> sockets) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return sockets.contains(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or gone
        }
    }
}
