package dev.warren.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warren.common.internal.Json;
import java.io.PrintStream;

/**
 * The child's event channel to its supervisor: one JSON object per line on the process's
 * original stdout (see docs/architecture.md). Thread-safe.
 */
final class ChildEvents {
    private final PrintStream out;

    ChildEvents(PrintStream out) { this.out = out; }

    void ready(long pid) { emit(node("ready").put("pid", pid)); }

    void start(String id, String task, int attempt) {
        emit(node("start").put("id", id).put("task", task).put("attempt", attempt).put("t", System.currentTimeMillis()));
    }

    void end(String id, String task, String status, String error, long ms) {
        emit(node("end").put("id", id).put("task", task).put("status", status).put("error", error).put("ms", ms));
    }

    void dead(String id, String task, String reason) { emit(node("dead").put("id", id).put("task", task).put("reason", reason)); }

    void recycle(String reason) { emit(node("recycle").put("reason", reason)); }

    void exiting(String reason, String detail) { emit(node("exiting").put("reason", reason).put("detail", detail)); }

    private static ObjectNode node(String ev) { return Json.MAPPER.createObjectNode().put("ev", ev); }

    private synchronized void emit(ObjectNode n) {
        out.println(n.toString());
        out.flush();
    }
}
