package dev.warren.bench;

import dev.warren.common.Protocol;
import java.util.HashMap;
import java.util.Map;

/**
 * The AMQP headers a warren no-op task and its reply carry (docs/protocol.md 2.2 and 3), for the raw baseline's
 * {@code --raw-headers} variant: the same bytes on the wire without warren's code, so that a run shows what the
 * protocol's headers cost the broker (it decodes every published message's properties) and the clients, apart from
 * what warren's own code costs.
 */
final class RawHeaders {
    private static final String HOST = "raw-consumer-host";
    private static final long PID = ProcessHandle.current().pid();

    private RawHeaders() {}

    /** A task's: protocol, attempt, publication time. */
    static Map<String, Object> task() {
        Map<String, Object> h = new HashMap<>();
        h.put(Protocol.H_PROTOCOL, Protocol.VERSION);
        h.put(Protocol.H_ATTEMPT, 1);
        h.put(Protocol.H_PUBLISHED_AT, System.currentTimeMillis());
        return h;
    }

    /** An ok reply's: protocol, status, attempt, and where and when it ran. */
    static Map<String, Object> reply() {
        long now = System.currentTimeMillis();
        Map<String, Object> h = new HashMap<>();
        h.put(Protocol.H_PROTOCOL, Protocol.VERSION);
        h.put(Protocol.H_STATUS, Protocol.STATUS_OK);
        h.put(Protocol.H_ATTEMPT, 1);
        h.put(Protocol.H_HOST, HOST);
        h.put(Protocol.H_PID, PID);
        h.put(Protocol.H_CHILD, "child-1");
        h.put(Protocol.H_STARTED, now);
        h.put(Protocol.H_FINISHED, now);
        return h;
    }
}
