package dev.warren.common.internal;

import java.net.InetAddress;

/** This machine's name as warren reports it (replies, announcements, client ids). */
public final class Hosts {
    private Hosts() {}

    /** {@code $HOSTNAME} (a container's name), else the resolver's local host name, else {@code "unknown"}. */
    public static String name() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
